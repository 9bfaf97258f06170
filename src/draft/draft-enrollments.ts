import { flagTrueValue } from './column-values';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, DraftJoin, DraftSource, EntityDraft } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { withoutLastModified } from './draft-orgs';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';
import { servedConditions } from './draft-users';
import type { TableFacts } from './table-facts';
import type { LinkTableKind } from './table-kinds';

/**
 * enrollments: the roster link tables (student ↔ section, staff ↔ section). Each row references
 * the person and the section; the section's school comes from the link row or the section.
 * When classes serve only the current year, so do enrollments, and students who are not served
 * (pre-registered) are left out here too, so every enrollment names a served user and class.
 */
export function draftEnrollments(context: DraftContext): EntityDraft {
  const sources: DraftSource[] = [];
  const notes: string[] = [];
  for (const [kind, person, role, name] of [
    ['studentSection', 'student', 'student', 'students'],
    ['staffSection', 'staff', 'teacher', 'teachers'],
  ] as Array<[LinkTableKind, 'student' | 'staff', 'student' | 'teacher', string]>) {
    const link = context.tableOf(kind);
    if (!link) {
      notes.push(`No ${person}–section link table was found, so enrollments has no ${name} source.`);
      continue;
    }
    const source = linkSource(context, link, person, role, name);
    if (typeof source === 'string') notes.push(`${link.name} is not drafted: ${source}.`);
    else sources.push(source);
  }
  if (sources.length === 0) return { entity: 'enrollments', leftOut: notes.join(' ') };
  const undated = sources.some((source) => !source.fields.some((field) => field.name === 'dateLastModified'));
  return {
    entity: 'enrollments',
    file: {
      entity: 'enrollments',
      fileName: FILE_NAMES.enrollments,
      summary: [`Enrollments from ${sources.map((source) => `${source.table} (${source.name})`).join(', ')}.`],
      ...(undated ? { tracking: { lastModified: true, guess: 'a roster table has no last-modified column: the snapshot pass dates enrollments when their content changes' } } : {}),
      sources: undated ? sources.map(withoutLastModified) : sources,
      notes,
    },
  };
}

function linkSource(context: DraftContext, link: TableFacts, personKind: 'student' | 'staff', role: 'student' | 'teacher', name: string): DraftSource | string {
  const aliases = new AliasPicker();
  const alias = aliases.pick(link.name, personKind === 'student' ? 'R' : 'A');
  const person = context.tableOf(personKind)!;
  const section = context.tableOf('section')!;
  const user = context.refTemplate(link, alias, person);
  const klass = context.refTemplate(link, alias, section);
  const sectionId = context.idTemplate(section, 'X');
  if (!user || !klass || !sectionId) return 'its references to the person or the section do not match their keys';
  const joins: DraftJoin[] = [];
  const joined: Array<{ facts: TableFacts; alias: string }> = [];
  const yearAlias = aliases.pick('YEAR', 'Y');
  const yearJoin = context.currentYearJoin(link, alias, yearAlias);
  if (yearJoin) joins.push(yearJoin);
  const sectionAlias = aliases.pick(section.name, 'K');
  const sectionJoin: DraftJoin = { table: section.name, alias: sectionAlias, on: context.joinOn(link, alias, section, sectionAlias)!, guess: `the section, for its school${section.has('deleteFlag') ? ' and deleted flag' : ''}` };
  joins.push(sectionJoin);
  joined.push({ facts: section, alias: sectionAlias });
  if (!yearJoin) {
    const viaSection = context.currentYearJoin(section, sectionAlias, yearAlias);
    if (viaSection) joins.push(viaSection);
  }
  const where = [];
  if (servedConditions(context, person, 'P').length > 0) {
    const personAlias = aliases.pick(person.name, personKind === 'student' ? 'S' : 'T');
    joins.push({ table: person.name, alias: personAlias, on: context.joinOn(link, alias, person, personAlias)!, guess: `the ${personKind}, to leave out the rosters of ${personKind}s who are not served` });
    joined.push({ facts: person, alias: personAlias });
    where.push(...servedConditions(context, person, personAlias));
  }
  const school = context.tableOf('school');
  const schoolRef = school && (context.refTemplate(link, alias, school) ?? context.refTemplate(section, sectionAlias, school));
  if (!schoolRef) return 'neither it nor the section references the school table (enrollments.school is required)';

  const key = context.keyOf(link);
  const idColumns = key ? key.columns : [...new Set([...context.keyReference(link, section)!.columns, ...context.keyReference(link, person)!.columns])];
  const status = guessStatus(context.profile, link, alias);
  const sectionStatus = guessStatus(context.profile, section, sectionAlias);
  const removed = [status.status, sectionStatus.status].filter((item): item is NonNullable<typeof item> => item !== undefined);
  const fields: DraftField[] = [
    {
      name: 'sourcedId',
      value: { template: `enr-${personKind === 'student' ? 's' : 't'}-${idColumns.map((column) => `{${alias}.${column}}`).join('-')}` },
      guess: `${key?.guess ?? `the ${key ? 'primary key' : 'section and person references'} ${idColumns.join(', ')} of ${link.name}`}; enr-s-/enr-t- keep student and teacher rows apart`,
    },
  ];
  if (removed.length > 0) fields.push({ name: 'status', value: mergeStatus(removed.map((item) => item.value)), guess: removed.map((item) => item.guess).join('; ') });
  const lastModified = guessLastModified({ facts: link, alias }, joined);
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  fields.push({ name: 'user', value: { template: user.template }, guess: `the ${personKind}: ${user.because}` });
  fields.push({ name: 'class', value: { template: klass.template }, guess: `the section: ${klass.because}` });
  fields.push({ name: 'school', value: { template: schoolRef.template }, guess: `the school: ${schoolRef.because}` });
  fields.push({ name: 'role', value: role });
  const primary = link.first('primaryFlag');
  if (primary && role === 'teacher') fields.push({ name: 'primary', value: { is: { column: `${alias}.${primary.name}`, eq: flagTrueValue(primary) ?? 'Y' } }, guess: `${primary.name} looks like the primary-teacher flag` });
  const begin = link.first('startDate');
  const end = link.first('endDate');
  if (begin) fields.push({ name: 'beginDate', value: `${alias}.${begin.name}`, guess: `${begin.name} looks like the start date` });
  if (end) fields.push({ name: 'endDate', value: `${alias}.${end.name}`, guess: `${end.name} looks like the end date` });
  return { name, table: link.name, alias, guess: context.sourceGuess(link.name), joins, where, fields, unmapped: [] };
}

/** Several `case` status expressions (the link's and the section's) as one: any of their conditions. */
function mergeStatus(values: ReadonlyArray<unknown>): DraftField['value'] {
  const conditions = values.flatMap((value) => {
    const when = (value as { case: Array<{ when: { any?: unknown[] } }> }).case[0].when;
    return when.any ?? [when];
  });
  return { case: [{ when: conditions.length === 1 ? (conditions[0] as DraftField['value']) : { any: conditions as DraftField['value'][] }, then: 'tobedeleted' }], else: 'active' };
}
