import Ajv, { ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ENTITY_CATALOGUE, ENTITY_NAMES } from '../oneroster/entity-catalogue';
import { compileMappingFile } from './compile-mapping-file';
import type { MappingDiagnostic, MappingDiagnosticCode } from './diagnostics/mapping-diagnostic';
import { buildMappingSchema, MAPPING_SCHEMA_FILE } from './format/write-mapping-schema';
import { EXPRESSION_KEYS } from './read-expression';
import { SOURCE_KEYS } from './read-source';

const REPO = resolve(__dirname, '../..');
const DEMO = join(REPO, 'mappings/demo');
const VALID = join(REPO, 'test/fixtures/mappings/valid');
const INVALID = join(REPO, 'test/fixtures/mappings/invalid');

/**
 * Invalid fixtures the schema cannot reject: it sees shapes, names and vocabularies, not which
 * aliases are in scope, duplicate names, the columns of declared rows or what a `map` produces.
 */
const SCHEMA_BLIND = ['duplicate-alias', 'duplicate-source', 'enum-value-in-map', 'rows-inconsistent', 'unknown-alias-column', 'unknown-alias-template'];

/** Codes about names in scope, which no JSON Schema can check. */
const SCOPE_CODES: readonly MappingDiagnosticCode[] = ['MAPPING_UNKNOWN_ALIAS', 'MAPPING_DUPLICATE_ALIAS', 'MAPPING_DUPLICATE_SOURCE'];

/** A diagnostic path (`sources[0].fields.role`) as the JSON pointer ajv reports (`/sources/0/fields/role`). */
const pointer = (path: string) => (path === '(root)' ? '' : `/${path.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}`);

type Schema = { definitions: Record<string, Record<string, unknown>>; properties: Record<string, Record<string, unknown>> } & Record<string, unknown>;

const yamlFiles = (folder: string) =>
  readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
const demoFiles = yamlFiles(DEMO);
const validFiles = readdirSync(VALID)
  .filter((name) => statSync(join(VALID, name)).isDirectory())
  .sort()
  .flatMap((name) => yamlFiles(join(VALID, name)));
/** Invalid single files that are YAML at all (a syntax error leaves nothing to validate). */
const invalidFiles = readdirSync(INVALID)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => name.slice(0, -'.yaml'.length))
  .filter((name) => parseDocument(readFileSync(join(INVALID, `${name}.yaml`), 'utf8')).errors.length === 0);

const relative = (file: string) => file.slice(REPO.length + 1);

function readYaml(text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw document.errors[0];
  return document.toJS();
}

/** ajv in strict mode with its warnings turned into failures, so a sloppy schema cannot pass quietly. */
function compileSchema(): ValidateFunction {
  const fail = (message: unknown) => {
    throw new Error(String(message));
  };
  // Union types (`type: [string, null]`) are standard draft-07; ajv merely lints them in strict mode.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, logger: { log: () => undefined, warn: fail, error: fail } });
  return ajv.compile(JSON.parse(readFileSync(MAPPING_SCHEMA_FILE, 'utf8')));
}

function diagnosticsFor(text: string): MappingDiagnostic[] {
  const diagnostics: MappingDiagnostic[] = [];
  compileMappingFile('probe.yaml', text, diagnostics);
  return diagnostics;
}

describe(buildMappingSchema.name, () => {
  const sut = buildMappingSchema;

  test('builds exactly the committed mappings/mapping.schema.json (regenerate: npx oneroster-adapter mappings schema)', () => {
    const committed = JSON.parse(readFileSync(MAPPING_SCHEMA_FILE, 'utf8'));

    expect(sut()).toEqual(committed);
  });

  test('gives every definition and every top-level property a description for editor hover text', () => {
    const schema = sut() as Schema;

    const undescribed = [...Object.entries(schema.definitions), ...Object.entries(schema.properties)]
      .filter(([, definition]) => typeof definition.description !== 'string' || definition.description.length === 0)
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
  });

  test('lists, for each entity, exactly its catalogue fields', () => {
    const schema = sut() as Schema;

    for (const entity of ENTITY_NAMES) {
      const fields = schema.definitions[`${entity}Fields`];
      expect([entity, Object.keys(fields.properties as object)]).toEqual([entity, ENTITY_CATALOGUE[entity].fields.map((field) => field.name)]);
      expect(fields.additionalProperties).toBe(false);
    }
  });

  test('requires, for each entity, exactly the fields the compiler requires', () => {
    const schema = sut() as Schema;

    for (const entity of ENTITY_NAMES) {
      const text = `version: 1\nentity: ${entity}\nsources:\n  - { name: s, table: T, alias: T, fields: {} }\n`;
      const requiredByCompiler = diagnosticsFor(text)
        .filter((d) => d.code === 'MAPPING_REQUIRED_FIELD')
        .map((d) => /^\w+\.(\w+) is required/.exec(d.message)![1]);
      // dateLastModified is required by a file-level rule, since tracking.lastModified lifts it.
      expect([entity, ['sourcedId', 'dateLastModified', ...(schema.definitions[`${entity}Fields`].required as string[]).slice(1)]]).toEqual([entity, requiredByCompiler]);
    }
  });

  test('requires dateLastModified in every source unless the file declares tracking.lastModified: snapshot, which forbids it', () => {
    const validate = compileSchema();
    const file = (tracking: string, fields: string) =>
      readYaml(`version: 1\nentity: courses\n${tracking}sources:\n  - name: s\n    table: T\n    alias: T\n    fields: { sourcedId: T.ID, title: T.T, courseCode: T.C, org: T.O${fields} }\n`);
    expect(validate(file('', ', dateLastModified: T.U'))).toBe(true);
    expect(validate(file('', ''))).toBe(false);
    expect(validate(file('tracking: { lastModified: snapshot }\n', ''))).toBe(true);
    expect(validate(file('tracking: { lastModified: snapshot, deletions: snapshot }\n', ', dateLastModified: T.U'))).toBe(false);
    expect(diagnosticsFor('version: 1\nentity: courses\ntracking: { lastModified: snapshot }\nsources:\n  - name: s\n    table: T\n    alias: T\n    fields: { sourcedId: T.ID, title: T.T, courseCode: T.C, org: T.O }\n')).toEqual([]);
    expect(diagnosticsFor('version: 1\nentity: courses\ntracking: { lastModified: snapshot }\nsources:\n  - name: s\n    table: T\n    alias: T\n    fields: { sourcedId: T.ID, dateLastModified: T.U, title: T.T, courseCode: T.C, org: T.O }\n').map((d) => d.code)).toEqual(['MAPPING_WRONG_TYPE']);
  });

  test('has one expression form per expression key the compiler reads, and the source keys it reads', () => {
    const schema = sut() as Schema;

    const forms = (schema.definitions.expressionObject.anyOf as Array<{ $ref: string }>).map(({ $ref }) => schema.definitions[$ref.split('/').pop()!]);
    expect(forms.map((form) => (form.required as string[])[0])).toEqual([...EXPRESSION_KEYS]);
    expect(Object.keys(schema.definitions.source.properties as object).sort()).toEqual([...SOURCE_KEYS].sort());
  });
});

describe('mappings/mapping.schema.json', () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = compileSchema();
  });

  const accepts = (data: unknown) => validate(data) || validate.errors!.map((e) => `${e.instancePath} ${e.message}`);

  test('finds the files it validates', () => {
    expect(demoFiles).toHaveLength(7);
    expect(validFiles.length).toBeGreaterThanOrEqual(16);
    expect(invalidFiles.length).toBeGreaterThanOrEqual(25);
  });

  test('is what the yaml-language-server line of every demo and valid fixture file points at', () => {
    const pointedAt = [...demoFiles, ...validFiles].map((file) => {
      const match = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'));
      return [relative(file), match ? resolve(dirname(file), match[1]) : 'no schema line'];
    });
    expect(pointedAt).toEqual([...demoFiles, ...validFiles].map((file) => [relative(file), MAPPING_SCHEMA_FILE]));
  });

  test.each(demoFiles.map(relative))('accepts the demo mapping %s', (file) => {
    expect(accepts(readYaml(readFileSync(join(REPO, file), 'utf8')))).toBe(true);
  });

  test.each(validFiles.map(relative))('accepts the valid fixture %s', (file) => {
    expect(accepts(readYaml(readFileSync(join(REPO, file), 'utf8')))).toBe(true);
  });

  test('lists as schema-blind only invalid fixtures that exist', () => {
    expect(SCHEMA_BLIND.filter((name) => !invalidFiles.includes(name))).toEqual([]);
  });

  test.each(invalidFiles.filter((name) => !SCHEMA_BLIND.includes(name)))('rejects %s where the compiler does', (name) => {
    const text = readFileSync(join(INVALID, `${name}.yaml`), 'utf8');

    const valid = validate(readYaml(text));

    expect(valid).toBe(false);
    const flagged = new Set(validate.errors!.flatMap((e) => [e.instancePath, `${e.instancePath}/${String(e.params.additionalProperty)}`]));
    const missed = diagnosticsFor(text)
      .filter((d) => !SCOPE_CODES.includes(d.code))
      .map((d) => d.path)
      .filter((path) => !flagged.has(pointer(path)));
    expect(missed).toEqual([]);
  });

  test.each(SCHEMA_BLIND)('accepts %s, which only the compiler can reject', (name) => {
    expect(accepts(readYaml(readFileSync(join(INVALID, `${name}.yaml`), 'utf8')))).toBe(true);
  });

  test('accepts each file of a folder that maps one entity twice (only the folder is wrong)', () => {
    const folder = join(INVALID, 'duplicate-entity');
    expect(existsSync(folder)).toBe(true);
    for (const file of yamlFiles(folder)) expect(accepts(readYaml(readFileSync(file, 'utf8')))).toBe(true);
  });

  /** One orgs source with `slot` substituted (JSON-quoted, which is valid YAML) into the text. */
  const orgs = (slot: { table?: string; alias?: string; column?: string; template?: string }) =>
    [
      'version: 1',
      'entity: orgs',
      'sources:',
      '  - name: schools',
      `    table: ${JSON.stringify(slot.table ?? 'SCH')}`,
      `    alias: ${JSON.stringify(slot.alias ?? 'S')}`,
      `    where: [{ column: ${JSON.stringify(slot.column ?? 'S.ACTV')}, eq: Y }]`,
      `    fields: { sourcedId: { template: ${JSON.stringify(slot.template ?? 'sch-{S.ID}')} }, dateLastModified: x, name: x, type: school, identifier: x }`,
      '',
    ].join('\n');

  test.each<[string, Parameters<typeof orgs>[0], boolean]>([
    ['table STU', { table: 'STU' }, true],
    ['table dbo.STU_MSTR', { table: 'dbo.STU_MSTR' }, true],
    ['table _T$#1', { table: '_T$#1' }, true],
    ['table STU MSTR', { table: 'STU MSTR' }, false],
    ['table a.b.c', { table: 'a.b.c' }, false],
    ['table 1STU', { table: '1STU' }, false],
    ['table dbo.', { table: 'dbo.' }, false],
    ['empty table', { table: '' }, false],
    ['alias S', { alias: 'S', template: 'sch-{S.ID}' }, true],
    ['alias STU_2', { alias: 'STU_2', column: 'STU_2.ACTV', template: 'x' }, true],
    ['alias S-1', { alias: 'S-1', column: 'S.ACTV', template: 'x' }, false],
    ['alias 1S', { alias: '1S', template: 'x' }, false],
    ['alias S.T', { alias: 'S.T', template: 'x' }, false],
    ['empty alias', { alias: '', template: 'x' }, false],
    ['column S.ACTV_FLG', { column: 'S.ACTV_FLG' }, true],
    ['column S.A$#', { column: 'S.A$#' }, true],
    ['column ACTV_FLG', { column: 'ACTV_FLG' }, false],
    ['column S.1A', { column: 'S.1A' }, false],
    ['column S.A.B', { column: 'S.A.B' }, false],
    ['column S. A', { column: 'S. A' }, false],
    ['template with placeholders', { template: 'sch-{S.ID}-{ S.SUB }' }, true],
    ['template without placeholders', { template: 'constant' }, true],
    ['template {{literal}}', { template: '{{literal}}' }, true],
    ['template {{{S.ID}}}', { template: '{{{S.ID}}}' }, true],
    ['template {S.ID', { template: '{S.ID' }, false],
    ['template S.ID}', { template: 'S.ID}' }, false],
    ['template {S.ID}}', { template: '{S.ID}}' }, false],
    ['template {}', { template: '{}' }, false],
    ['template {ID}', { template: '{ID}' }, false],
    ['template {S.ID.X}', { template: '{S.ID.X}' }, false],
  ])('agrees with the compiler on %s (accepted: %s)', (_, slot, valid) => {
    const text = orgs(slot);

    const verdicts = { compiler: diagnosticsFor(text).length === 0, schema: validate(readYaml(text)) };

    expect(verdicts).toEqual({ compiler: valid, schema: valid });
  });
});
