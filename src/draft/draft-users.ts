import { describedCodes } from './code-tables';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftCondition, DraftField, DraftSource, EntityDraft, YamlValue } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { withoutLastModified } from './draft-orgs';
import { guessLastModified } from './last-modified-rule';
import { gradesField, personFields, staffRoleField } from './person-fields';
import { guessStatus } from './status-rule';
import type { TableFacts } from './table-facts';
import { contactRole } from './vocabulary-guesses';

/**
 * users: one source per person table (students, staff, contacts), unioned. A source needs a key,
 * first and last names and a way to its schools (users.orgs is required); one without is left
 * out with a note rather than drafted broken.
 */
export function draftUsers(context: DraftContext): EntityDraft {
  const sources: DraftSource[] = [];
  const notes: string[] = [];
  const drafters: Array<[Parameters<DraftContext['tableOf']>[0], (facts: TableFacts) => DraftSource | string]> = [
    ['student', (facts) => studentSource(context, facts)],
    ['staff', (facts) => staffSource(context, facts)],
    ['contact', (facts) => contactSource(context, facts)],
  ];
  for (const [kind, draft] of drafters) {
    const facts = context.tableOf(kind);
    if (!facts) {
      notes.push(`No ${kind} table was found, so users has no ${kind} source.`);
      continue;
    }
    const source = draft(facts);
    if (typeof source === 'string') notes.push(`${facts.name} (${kind}s) is not drafted: ${source}.`);
    else sources.push(source);
  }
  if (sources.length === 0) return { entity: 'users', leftOut: notes.join(' ') };
  const undated = sources.filter((source) => !source.fields.some((field) => field.name === 'dateLastModified'));
  return {
    entity: 'users',
    file: {
      entity: 'users',
      fileName: FILE_NAMES.users,
      summary: [
        `Users from ${sources.map((source) => `${source.table} (${source.name})`).join(', ')}, unioned.`,
        'The sourcedId prefixes (stu-, stf-, con-) keep ids unique across the sources.',
      ],
      ...(undated.length > 0
        ? { tracking: { lastModified: true, guess: `${undated.map((source) => source.table).join(', ')} ${undated.length > 1 ? 'have' : 'has'} no last-modified column: the snapshot pass dates users when their content changes` } }
        : {}),
      sources: undated.length > 0 ? sources.map(withoutLastModified) : sources,
      notes,
    },
  };
}

function requireBasics(context: DraftContext, facts: TableFacts, alias: string): string | { sourcedId: string } {
  const sourcedId = context.idTemplate(facts, alias);
  if (!sourcedId) return 'it has no primary key (nor a column that looks like one) to build sourcedIds from';
  if (!facts.first('givenName') || !facts.first('familyName')) return 'first or last name column not found';
  return { sourcedId };
}

function baseFields(context: DraftContext, facts: TableFacts, alias: string, sourcedId: string, joined: Array<{ facts: TableFacts; alias: string }> = []) {
  const key = context.keyOf(facts)!;
  const status = guessStatus(context.profile, facts, alias);
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: key.guess ?? `the primary key ${key.columns.join(', ')} of ${facts.name}` }];
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias }, joined);
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  fields.push(...personFields(context, facts, alias, status, sourcedId));
  return { fields, status };
}

function studentSource(context: DraftContext, facts: TableFacts): DraftSource | string {
  const alias = new AliasPicker().pick(facts.name, 'S');
  const basics = requireBasics(context, facts, alias);
  if (typeof basics === 'string') return basics;
  const school = context.tableOf('school');
  const orgs = school && context.refTemplate(facts, alias, school);
  if (!orgs) return `no reference from ${facts.name} to the school table${school ? ` ${school.name}` : ''}, so users.orgs (required) cannot be drafted`;
  const { fields, status } = baseFields(context, facts, alias, basics.sourcedId);
  fields.splice(fields.findIndex((field) => field.name === 'identifier'), 0, { name: 'role', value: 'student' });
  const grades = gradesField(context, facts, alias);
  if (grades.field) fields.push(grades.field);
  fields.push({ name: 'orgs', value: [{ template: orgs.template }], guess: `the student's school: ${orgs.because}` });
  const agents = studentAgents(context, facts, alias);
  if (agents) fields.push(agents);
  const where = servedConditions(context, facts, alias);
  return { name: 'students', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins: [], where, fields, unmapped: status.unread.length > 0 ? [`status codes not understood (served active): ${status.unread.join(', ')}`] : [] };
}

function staffSource(context: DraftContext, facts: TableFacts): DraftSource | string {
  const alias = new AliasPicker().pick(facts.name, 'T');
  const basics = requireBasics(context, facts, alias);
  if (typeof basics === 'string') return basics;
  const orgs = staffOrgs(context, facts, alias);
  if (!orgs) return `neither ${facts.name} nor a link table references the school table, so users.orgs (required) cannot be drafted`;
  const { fields, status } = baseFields(context, facts, alias, basics.sourcedId);
  fields.splice(fields.findIndex((field) => field.name === 'identifier'), 0, staffRoleField(context, facts, alias));
  fields.push(orgs);
  const where = servedConditions(context, facts, alias);
  return { name: 'staff', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins: [], where, fields, unmapped: [] };
}

/**
 * Which rows of a person table users.yaml serves: not the "not yet" status codes, and not rows
 * without a school. Demographics and enrollments apply the same, so they never name a user
 * the API does not serve.
 */
export function servedConditions(context: DraftContext, facts: TableFacts, alias: string): DraftCondition[] {
  const school = context.tableOf('school');
  return [...guessStatus(context.profile, facts, alias).served, ...(school && context.keyReference(facts, school) ? withSchool(context, facts, alias, school) : [])];
}

/**
 * users.orgs is required: when the school column may be NULL (and is, in the sample), rows
 * without one are not served rather than served without orgs.
 */
function withSchool(context: DraftContext, facts: TableFacts, alias: string, school: TableFacts): DraftCondition[] {
  const fk = context.keyReference(facts, school);
  const empty = (fk?.columns ?? []).filter((name) => {
    const column = facts.table.columns.find((candidate) => candidate.name === name);
    return column?.nullable && column.nullsInSample > 0;
  });
  return empty.map((name) => ({ condition: { column: `${alias}.${name}`, isNull: false }, guess: `${name} is NULL in some rows: those have no school, and users.orgs is required, so they are not served` }));
}

/** A staff member's schools: a school column on the staff row, else the staff–school link table. */
function staffOrgs(context: DraftContext, facts: TableFacts, alias: string): DraftField | undefined {
  const school = context.tableOf('school');
  if (!school) return undefined;
  const direct = context.refTemplate(facts, alias, school);
  if (direct) return { name: 'orgs', value: [{ template: direct.template }], guess: `the staff member's school: ${direct.because}` };
  const link = context.tableOf('staffSchool');
  if (!link) return undefined;
  const linkAlias = 'SS';
  const on = context.joinOn(link, linkAlias, facts, alias);
  const value = context.refTemplate(link, linkAlias, school);
  if (!on || !value) return undefined;
  const primary = link.first('primaryFlag');
  return {
    name: 'orgs',
    value: {
      table: link.name,
      alias: linkAlias,
      on: invert(on),
      value: { template: value.template },
      ...(primary ? { orderBy: [{ case: [{ when: { column: `${linkAlias}.${primary.name}`, eq: primary.samples.find((s) => /^(y|yes|t|true|1)$/i.test(s.value))?.value ?? 'Y' }, then: 0 }], else: 1 }] } : {}),
    },
    guess: `the link table ${link.name} lists each staff member's schools${primary ? ` (${primary.name} first)` : ''}`,
  };
}

interface GuardianLink {
  readonly link: TableFacts;
  readonly student: TableFacts;
  readonly contact: TableFacts;
  /** Relationship codes of guardians (parents, guardians, relatives), undefined when the link has no relationship column. */
  readonly codes?: { column: string; guardians: string[]; roles: Record<string, string>; others: string[]; from: string; described: Map<string, string> };
}

function guardianLink(context: DraftContext): GuardianLink | undefined {
  const link = context.tableOf('studentContact');
  const student = context.tableOf('student');
  const contact = context.tableOf('contact');
  if (!link || !student || !contact || !context.keyReference(link, student) || !context.keyReference(link, contact)) return undefined;
  const relationship = link.first('relationship');
  if (!relationship) return { link, student, contact };
  const { codes, from } = describedCodes(context.profile, link.table, relationship.name);
  const roles: Record<string, string> = {};
  const others: string[] = [];
  for (const [code, description] of codes) {
    const role = contactRole(code, description);
    if (role && role !== 'notGuardian') roles[code] = role;
    else others.push(code);
  }
  return { link, student, contact, codes: { column: relationship.name, guardians: Object.keys(roles), roles, others, from, described: codes } };
}

/** The link rows of guardians of served students: the relationship codes, and the student's own served condition. */
function guardianRows(context: DraftContext, guardians: GuardianLink, linkAlias: string, studentAlias: string): { joins: YamlValue[]; where: YamlValue[] } {
  const served = servedConditions(context, guardians.student, studentAlias).map((item) => item.condition);
  const studentOn = served.length > 0 ? context.joinOn(guardians.link, linkAlias, guardians.student, studentAlias) : undefined;
  return {
    joins: studentOn ? [{ table: guardians.student.name, alias: studentAlias, on: studentOn }] : [],
    where: [...(guardians.codes && guardians.codes.others.length > 0 ? [{ column: `${linkAlias}.${guardians.codes.column}`, in: guardians.codes.guardians }] : []), ...(studentOn ? served : [])],
  };
}

function studentAgents(context: DraftContext, student: TableFacts, alias: string): DraftField | undefined {
  const guardians = guardianLink(context);
  if (!guardians || guardians.student !== student) return undefined;
  const on = context.joinOn(guardians.link, 'L', student, alias);
  const value = context.refTemplate(guardians.link, 'L', guardians.contact);
  if (!on || !value) return undefined;
  const codes = guardians.codes;
  return {
    name: 'agents',
    value: { table: guardians.link.name, alias: 'L', on: invert(on), ...(codes && codes.others.length > 0 ? { where: [{ column: `L.${codes.column}`, in: codes.guardians }] } : {}), value: { template: value.template } },
    guess: `the link table ${guardians.link.name} connects students to ${guardians.contact.name}${codes && codes.others.length > 0 ? `; ${codes.column} ${codes.others.join(', ')} (${codes.others.map((code) => codes.described.get(code)).join(', ')}) are not guardians and are left out` : ''}`,
  };
}

function contactSource(context: DraftContext, facts: TableFacts): DraftSource | string {
  const alias = new AliasPicker().pick(facts.name, 'C');
  const basics = requireBasics(context, facts, alias);
  if (typeof basics === 'string') return basics;
  const guardians = guardianLink(context);
  const school = context.tableOf('school');
  const studentSchool = guardians && school ? context.refTemplate(guardians.student, 'LS', school) : undefined;
  if (!guardians || guardians.contact !== facts || !studentSchool) {
    return 'no link table connects it to students with schools, so users.orgs (required) cannot be drafted';
  }
  const contactOn = invert(context.joinOn(guardians.link, 'L', facts, alias)!);
  const studentJoin = { table: guardians.student.name, alias: 'LS', on: context.joinOn(guardians.link, 'L', guardians.student, 'LS')! };
  const rows = guardianRows(context, guardians, 'L', 'LS');
  const linkedStudent = context.refTemplate(guardians.link, 'L', guardians.student)!;
  const { fields, status } = baseFields(context, facts, alias, basics.sourcedId);
  fields.splice(fields.findIndex((field) => field.name === 'identifier'), 0, contactRoleField(guardians, contactOn));
  fields.push({
    name: 'agents',
    value: { table: guardians.link.name, alias: 'L', ...(rows.joins.length > 0 ? { joins: rows.joins } : {}), on: contactOn, ...(rows.where.length > 0 ? { where: rows.where } : {}), value: { template: linkedStudent.template } },
    guess: `the students ${guardians.link.name} links the contact to`,
  });
  fields.push({
    name: 'orgs',
    value: { table: guardians.link.name, alias: 'L', joins: [studentJoin], on: contactOn, ...(rows.where.length > 0 ? { where: rows.where } : {}), value: { template: context.refTemplate(guardians.student, 'LS', school!)!.template } },
    guess: `a contact belongs to the schools of its students (through ${guardians.link.name} and ${guardians.student.name})`,
  });
  const exists: DraftCondition = {
    condition: { exists: { table: guardians.link.name, alias: 'G', ...(guardianRows(context, guardians, 'G', 'GS').joins.length > 0 ? { joins: guardianRows(context, guardians, 'G', 'GS').joins } : {}), on: invert(context.joinOn(guardians.link, 'G', facts, alias)!), ...(guardianRows(context, guardians, 'G', 'GS').where.length > 0 ? { where: guardianRows(context, guardians, 'G', 'GS').where } : {}) } },
    guess: `only contacts linked to a served student${guardians.codes && guardians.codes.others.length > 0 ? ' as a guardian' : ''}: others would be users without orgs`,
  };
  return { name: 'contacts', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins: [], where: [...status.served, exists], fields, unmapped: [] };
}

/** The contact's role from its relationship to its students (the first guardian link), else guardian. */
function contactRoleField(guardians: GuardianLink, contactOn: Record<string, string>): DraftField {
  const codes = guardians.codes;
  if (!codes || codes.guardians.length === 0) return { name: 'role', value: 'guardian', guess: `no relationship code in ${guardians.link.name}: every contact is served as a guardian` };
  const on = Object.fromEntries(Object.entries(contactOn).map(([key, value]) => [key.replace(/^L\./, 'R.'), value]));
  return {
    name: 'role',
    value: {
      map: { first: { table: guardians.link.name, alias: 'R', on, where: [{ column: `R.${codes.column}`, in: codes.guardians }], value: `R.${codes.column}`, orderBy: [`R.${codes.column}`] } },
      values: codes.roles,
      default: 'guardian',
    },
    guess: `${guardians.link.name}.${codes.column} (${codes.from}): ${Object.entries(codes.roles).map(([code, role]) => `${code} (${codes.described.get(code)}) → ${role}`).join(', ')}`,
  };
}

/** `{ T.K: L.K }` (target key → link column) as a child list's `on` (link column → parent column). */
function invert(on: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(on).map(([target, link]) => [link, target]));
}
