import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, DraftSource, EntityDraft, YamlValue } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';
import type { TableFacts } from './table-facts';

/**
 * orgs: the school table (and a district table when the SIS has one). Most SIS databases have no
 * district row; the file then shows, commented out, how to declare one.
 */
export function draftOrgs(context: DraftContext): EntityDraft {
  const schools = context.tableOf('school');
  if (!schools) return { entity: 'orgs', leftOut: 'no table looks like schools (a name column plus a code, NCES/state ids, an address)' };
  const district = context.tableOf('district');
  const sources: DraftSource[] = [];
  const notes: string[] = [];
  const unmappable: string[] = [];
  for (const [facts, type] of [[district, 'district'], [schools, 'school']] as Array<[TableFacts | undefined, 'district' | 'school']>) {
    if (!facts) continue;
    const source = orgSource(context, facts, type, district);
    if (typeof source === 'string') unmappable.push(source);
    else sources.push(source);
  }
  if (sources.length === 0) return { entity: 'orgs', leftOut: unmappable.join('; ') };
  notes.push(...unmappable);
  if (!district) {
    notes.push(
      'No district table was found. SDS and most consumers expect one district org; declare it here and give the schools a parent:',
      '  - name: district',
      '    alias: D',
      "    rows: [{ DIST_ID: my-district, DIST_NM: 'My Unified School District', NCES_ID: '0000000', UPD_DT: '2025-07-01T00:00:00Z' }]",
      '    fields: { sourcedId: { template: "dist-{D.DIST_ID}" }, dateLastModified: D.UPD_DT, name: D.DIST_NM, type: district, identifier: D.NCES_ID }',
      `  and in the schools source: parent: dist-my-district`,
    );
  }
  return {
    entity: 'orgs',
    file: {
      entity: 'orgs',
      fileName: FILE_NAMES.orgs,
      summary: [`Orgs: ${sources.map((source) => `${source.table} (${source.name})`).join(', ')}.`],
      ...(sources.some((source) => !source.fields.some((field) => field.name === 'dateLastModified'))
        ? { tracking: { lastModified: true, guess: 'a table here has no last-modified column: the snapshot pass dates records when their content changes' } }
        : {}),
      sources: sources.some((source) => !source.fields.some((field) => field.name === 'dateLastModified')) ? sources.map(withoutLastModified) : sources,
      notes,
    },
  };
}

function orgSource(context: DraftContext, facts: TableFacts, type: 'district' | 'school', district: TableFacts | undefined): DraftSource | string {
  const aliases = new AliasPicker();
  const alias = aliases.pick(facts.name);
  const sourcedId = context.idTemplate(facts, alias);
  const name = facts.firstOnly('name', ['givenName', 'familyName', 'typeCode']);
  if (!sourcedId || !name) return `${facts.name}: ${!sourcedId ? 'no primary key to build sourcedIds from' : 'no name column'}, so it is not drafted`;
  const key = context.keyOf(facts)!;
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: key.guess ?? `the primary key ${key.columns.join(', ')} of ${facts.name}, prefixed so ids stay unique` }];
  const status = guessStatus(context.profile, facts, alias);
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias });
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  fields.push({ name: 'name', value: `${alias}.${name.name}`, guess: `${name.name} looks like the ${type}'s name` });
  fields.push({ name: 'type', value: type });
  const identifiers = [...facts.all('ncesId'), ...facts.all('stateId')].map((column) => `${alias}.${column.name}`);
  const keyValue: YamlValue = key.columns.length === 1 ? `${alias}.${key.columns[0]}` : { template: key.columns.map((column) => `{${alias}.${column}}`).join('-') };
  fields.push({
    name: 'identifier',
    value: identifiers.length > 0 ? { coalesce: [...identifiers, keyValue] } : keyValue,
    guess: identifiers.length > 0 ? `the NCES/state id (${identifiers.join(', ')}) when set, else the SIS key: SDS wants one` : `the SIS key ${key.columns.join(', ')} (no NCES or state id column found)`,
  });
  if (type === 'school' && district) {
    const parent = context.refTemplate(facts, alias, district);
    if (parent) fields.push({ name: 'parent', value: { template: parent.template }, guess: `the district: ${parent.because}` });
  }
  return {
    name: type === 'district' ? 'district' : 'schools',
    table: facts.name,
    alias,
    guess: context.sourceGuess(facts.name),
    joins: [],
    where: status.served,
    fields,
    unmapped: [],
  };
}

/** With tracking.lastModified the snapshot pass owns dateLastModified; the compiler rejects a mapping of it. */
export function withoutLastModified(source: DraftSource): DraftSource {
  return { ...source, fields: source.fields.filter((field) => field.name !== 'dateLastModified') };
}
