import { describedCodes } from './code-tables';
import { flagTrueValue } from './column-values';
import type { ColumnRole } from './column-roles';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, EntityDraft, YamlValue } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';
import { sexValue } from './vocabulary-guesses';
import { servedConditions } from './draft-users';

const RACES: ReadonlyArray<[ColumnRole, string]> = [
  ['raceAmericanIndian', 'americanIndianOrAlaskaNative'],
  ['raceAsian', 'asian'],
  ['raceBlack', 'blackOrAfricanAmerican'],
  ['racePacificIslander', 'nativeHawaiianOrOtherPacificIslander'],
  ['raceWhite', 'white'],
];

/**
 * demographics: the student table's birth date, sex and race/ethnicity flags; sourcedId is the
 * student's user sourcedId and the same rows are served (OneRoster pairs them by id).
 */
export function draftDemographics(context: DraftContext): EntityDraft {
  const facts = context.tableOf('student');
  if (!facts) return { entity: 'demographics', leftOut: 'no student table' };
  const alias = new AliasPicker().pick(facts.name, 'S');
  const sourcedId = context.idTemplate(facts, alias);
  const races = RACES.flatMap(([role, field]) => facts.all(role).slice(0, 1).map((column) => ({ column, field })));
  const found = [facts.first('birthDate'), facts.first('sex'), facts.first('hispanic'), ...races.map((race) => race.column)].filter(Boolean);
  if (!sourcedId || found.length < 2) return { entity: 'demographics', leftOut: `${facts.name} has ${found.length === 0 ? 'no' : 'too few'} demographic columns (birth date, gender, race/ethnicity flags)` };
  const status = guessStatus(context.profile, facts, alias);
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: `the student's user sourcedId (users.yaml): demographics pair with users by id` }];
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias });
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  const birth = facts.first('birthDate');
  if (birth) fields.push({ name: 'birthDate', value: `${alias}.${birth.name}`, guess: `${birth.name} looks like the birth date` });
  const sex = facts.first('sex');
  if (sex) {
    const { codes, from } = describedCodes(context.profile, facts.table, sex.name);
    const values: Record<string, string> = {};
    for (const [code, description] of codes) {
      const value = sexValue(code, description);
      if (value) values[code] = value;
    }
    if (Object.keys(values).length > 0) {
      fields.push({ name: 'sex', value: { map: `${alias}.${sex.name}`, values }, guess: `${sex.name} (${from}): ${Object.entries(values).map(([code, value]) => `${code} → ${value}`).join(', ')}; 1.1 has only male and female and leaves the others out` });
    }
  }
  const flag = (column: (typeof races)[number]['column']): YamlValue => ({ column: `${alias}.${column.name}`, eq: flagTrueValue(column) ?? 'Y' });
  for (const race of races) fields.push({ name: race.field, value: { is: flag(race.column) }, guess: `${race.column.name} looks like the ${race.field} flag` });
  if (races.length >= 2) {
    const pairs: YamlValue[] = [];
    races.forEach((first, index) => {
      const rest = races.slice(index + 1);
      if (rest.length > 0) pairs.push({ all: [flag(first.column), rest.length === 1 ? flag(rest[0].column) : { any: rest.map((race) => flag(race.column)) }] });
    });
    fields.push({ name: 'demographicRaceTwoOrMoreRaces', value: { is: { any: pairs } }, guess: 'two or more of the race flags set' });
  }
  const hispanic = facts.first('hispanic');
  if (hispanic) fields.push({ name: 'hispanicOrLatinoEthnicity', value: { is: { column: `${alias}.${hispanic.name}`, eq: flagTrueValue(hispanic) ?? 'Y' } }, guess: `${hispanic.name} looks like the Hispanic/Latino flag` });
  for (const [role, field] of [['birthCountry', 'countryOfBirthCode'], ['birthState', 'stateOfBirthAbbreviation'], ['birthCity', 'cityOfBirth']] as Array<[ColumnRole, string]>) {
    const column = facts.first(role);
    if (column) fields.push({ name: field, value: `${alias}.${column.name}`, guess: `${column.name} looks like the ${field}` });
  }
  return {
    entity: 'demographics',
    file: {
      entity: 'demographics',
      fileName: FILE_NAMES.demographics,
      summary: [`Demographics from ${facts.name}; sourcedId equals the student's user sourcedId.`],
      ...(lastModified ? {} : { tracking: { lastModified: true, guess: `${facts.name} has no last-modified column: the snapshot pass dates records when their content changes` } }),
      sources: [{ name: 'students', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins: [], where: servedConditions(context, facts, alias), fields: lastModified ? fields : fields.filter((field) => field.name !== 'dateLastModified'), unmapped: [] }],
      notes: [],
    },
  };
}
