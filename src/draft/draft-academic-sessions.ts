import { describedCodes } from './code-tables';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, DraftSource, EntityDraft, YamlValue } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { withoutLastModified } from './draft-orgs';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';
import type { TableFacts } from './table-facts';
import { sessionType } from './vocabulary-guesses';

/**
 * academicSessions: the school-year table and the term table. schoolYear (required) is a year
 * number: the year table's key when it holds years, a term's reference to it, or a year column.
 */
export function draftAcademicSessions(context: DraftContext): EntityDraft {
  const notes: string[] = [];
  const sources: DraftSource[] = [];
  const year = context.tableOf('schoolYear');
  const term = context.tableOf('term');
  for (const [facts, draft] of [
    [year, yearSource],
    [term, termSource],
  ] as Array<[TableFacts | undefined, (context: DraftContext, facts: TableFacts) => DraftSource | string]>) {
    if (!facts) continue;
    const source = draft(context, facts);
    if (typeof source === 'string') notes.push(`${facts.name} is not drafted: ${source}.`);
    else sources.push(source);
  }
  if (sources.length === 0) return { entity: 'academicSessions', leftOut: notes.length > 0 ? notes.join(' ') : 'no table looks like school years or terms (start and end dates)' };
  const undated = sources.some((source) => !source.fields.some((field) => field.name === 'dateLastModified'));
  return {
    entity: 'academicSessions',
    file: {
      entity: 'academicSessions',
      fileName: FILE_NAMES.academicSessions,
      summary: [`Academic sessions from ${sources.map((source) => `${source.table} (${source.name})`).join(', ')}.`],
      ...(undated ? { tracking: { lastModified: true, guess: 'a session table has no last-modified column: the snapshot pass dates sessions when their content changes' } } : {}),
      sources: undated ? sources.map(withoutLastModified) : sources,
      notes,
    },
  };
}

function common(context: DraftContext, facts: TableFacts, alias: string, joined: Array<{ facts: TableFacts; alias: string }> = []): { fields: DraftField[]; served: DraftSource['where'] } | string {
  const sourcedId = context.idTemplate(facts, alias);
  const start = facts.first('startDate');
  const end = facts.first('endDate');
  if (!sourcedId || !start || !end) return !sourcedId ? 'it has no primary key' : 'no start and end dates';
  const key = context.keyOf(facts)!;
  const status = guessStatus(context.profile, facts, alias);
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: key.guess ?? `the primary key ${key.columns.join(', ')} of ${facts.name}` }];
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias }, joined);
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  const title = facts.firstOnly('name', ['typeCode']);
  fields.push(title ? { name: 'title', value: `${alias}.${title.name}`, guess: `${title.name} looks like the title` } : { name: 'title', value: { template: key.columns.map((column) => `{${alias}.${column}}`).join(' ') }, guess: 'no title column: the key stands in' });
  return { fields: [...fields, { name: 'startDate', value: `${alias}.${start.name}`, guess: `${start.name} looks like the start date` }, { name: 'endDate', value: `${alias}.${end.name}`, guess: `${end.name} looks like the end date` }], served: status.served };
}

function yearSource(context: DraftContext, facts: TableFacts): DraftSource | string {
  const alias = new AliasPicker().pick(facts.name, 'Y');
  const base = common(context, facts, alias);
  if (typeof base === 'string') return base;
  const yearColumn = facts.first('yearValue');
  if (!yearColumn) return 'no column holds the year number OneRoster wants in schoolYear';
  const current = facts.first('currentFlag');
  return {
    name: 'schoolYears',
    table: facts.name,
    alias,
    guess: context.sourceGuess(facts.name),
    joins: [],
    where: base.served,
    fields: [
      ...base.fields,
      { name: 'type', value: 'schoolYear' },
      { name: 'schoolYear', value: `${alias}.${yearColumn.name}`, guess: `${yearColumn.name} holds years (${yearColumn.samples.slice(0, 3).map((sample) => sample.value).join(', ')}): OneRoster's schoolYear is the year the school year ends in` },
    ],
    unmapped: current ? [`${current.name} marks the current year; SDS treats every active session as current, so you may want status tobedeleted where it is not set`] : [],
  };
}

function termSource(context: DraftContext, facts: TableFacts): DraftSource | string {
  const aliases = new AliasPicker();
  const alias = aliases.pick(facts.name, 'T');
  const year = context.tableOf('schoolYear');
  const yearRef = year && context.keyReference(facts, year) && year.first('yearValue') ? context.refTemplate(facts, alias, year) : undefined;
  const base = common(context, facts, alias);
  if (typeof base === 'string') return base;
  const yearValue = schoolYearOfTerm(context, facts, alias, year);
  if (!yearValue) return 'no year column or reference to a year table for schoolYear (required)';
  const fields: DraftField[] = [...base.fields, typeField(context, facts, alias), yearValue];
  if (yearRef) fields.push({ name: 'parent', value: { template: yearRef.template }, guess: `the school year: ${yearRef.because}` });
  return { name: 'terms', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins: [], where: base.served, fields, unmapped: [] };
}

/** The year number of a term: its reference to a year table keyed by years, else a year column of its own. */
function schoolYearOfTerm(context: DraftContext, facts: TableFacts, alias: string, year: TableFacts | undefined): DraftField | undefined {
  const fk = year && context.keyReference(facts, year);
  const yearKey = year?.first('yearValue');
  if (fk && yearKey && context.keyOf(year!)!.columns.length === 1 && context.keyOf(year!)!.columns[0] === yearKey.name) {
    return { name: 'schoolYear', value: `${alias}.${fk.columns[0]}`, guess: `${fk.columns[0]} references ${year!.name}, whose key holds years` };
  }
  const own = facts.first('yearValue');
  return own ? { name: 'schoolYear', value: `${alias}.${own.name}`, guess: `${own.name} holds years` } : undefined;
}

function typeField(context: DraftContext, facts: TableFacts, alias: string): DraftField {
  const column = facts.first('typeCode');
  if (!column) return { name: 'type', value: 'term', guess: 'no term type column: every term is served as type term' };
  const { codes, from } = describedCodes(context.profile, facts.table, column.name);
  const values: Record<string, string> = {};
  for (const [code, description] of codes) {
    const type = sessionType(code, description);
    if (type) values[code] = type;
  }
  if (Object.keys(values).length === 0) return { name: 'type', value: 'term', guess: `${column.name}'s codes name no session type: served as term` };
  const value: YamlValue = { map: `${alias}.${column.name}`, values, default: 'term' };
  return {
    name: 'type',
    value,
    guess: `${column.name} (${from}): ${Object.entries(values).map(([code, type]) => `${code}${codes.get(code) !== code ? ` (${codes.get(code)})` : ''} → ${type}`).join(', ')}; Google Classroom and Canvas read only type term from /terms, so you may prefer term for semesters`,
  };
}
