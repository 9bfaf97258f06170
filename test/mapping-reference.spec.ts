import Ajv, { ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { compileMappingFile } from '../src/mapping/compile-mapping-file';
import { compileMappings } from '../src/mapping/compile-mappings';
import type { MappingDiagnostic } from '../src/mapping/diagnostics/mapping-diagnostic';
import { MAPPING_SCHEMA_FILE } from '../src/mapping/format/write-mapping-schema';

/**
 * mappings/README.md, the mapping language reference, cannot drift from the language: its
 * keywords, sections and examples are checked against mappings/mapping.schema.json (generated
 * from the code) and the real compiler. The conventions are stated at the top of that file.
 * `UPDATE_MAPPING_REFERENCE=1 npx jest test/mapping-reference.spec.ts` regenerates its field tables.
 */
const ROOT = resolve(__dirname, '..');
const REFERENCE = join(ROOT, 'mappings', 'README.md');
const EXAMPLES = join(ROOT, 'mappings', 'examples');
const BEGIN = '<!-- entity-fields:begin (generated from mapping.schema.json by test/mapping-reference.spec.ts) -->';
const END = '<!-- entity-fields:end -->';

type Json = Record<string, unknown>;
type Schema = Json & { properties: Record<string, Json>; definitions: Record<string, Json & { properties?: Record<string, Json>; required?: string[] }>; allOf: Json[] };

const schema = JSON.parse(readFileSync(MAPPING_SCHEMA_FILE, 'utf8')) as Schema;
const reference = readFileSync(REFERENCE, 'utf8');

// ---------------------------------------------------------------- what the schema knows

/** Every property name anywhere in the schema (the keys a mapping file may write), and every enum or const value. */
function schemaVocabulary(document: unknown): { keys: Set<string>; values: Set<string> } {
  const keys = new Set<string>();
  const values = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((name) => keys.add(name));
      if (key === 'enum' && Array.isArray(value)) value.filter((item) => item !== null).forEach((item) => values.add(String(item)));
      if (key === 'const') values.add(String(value));
      walk(value);
    }
  };
  walk(document);
  return { keys, values };
}

/** Fields a file's tracking rule requires of every source (dateLastModified, unless tracking.lastModified). */
function fieldsRequiredByTrackingRule(document: Schema): string[] {
  return document.allOf.flatMap((rule) => {
    const otherwise = rule.else as { properties?: { sources?: { items?: { properties?: { fields?: { required?: string[] } } } } } } | undefined;
    return otherwise?.properties?.sources?.items?.properties?.fields?.required ?? [];
  });
}

// ---------------------------------------------------------------- what the reference documents

/** The markdown without fenced code blocks (their backticks and `#` lines are not documentation of keywords). */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
  const lines: Array<{ line: number; text: string }> = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    else if (!fenced) lines.push({ line: index + 1, text });
  });
  return lines;
}

const KEYWORD = /^\$?[A-Za-z][A-Za-z0-9]*$/;
const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((token) => KEYWORD.test(token));

/** Keywords in backticks in headings and in the first cell of table rows, with the line of their first mention. */
function documentedKeywords(markdown: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const { line, text } of proseLines(markdown)) {
    let tokens: string[] = [];
    if (/^#{1,6}\s/.test(text)) tokens = backticked(text);
    else if (/^\|/.test(text) && !/^\|[\s:|-]+\|?\s*$/.test(text)) tokens = backticked(text.split('|')[1] ?? '');
    for (const token of tokens) if (!found.has(token)) found.set(token, line);
  }
  return found;
}

/** Definition names claimed by `<!-- schema: a, b -->` comments, with their lines. */
function claimedDefinitions(markdown: string): Map<string, number> {
  const claims = new Map<string, number>();
  for (const { line, text } of proseLines(markdown)) {
    // A claim is a real HTML comment, not one quoted in inline code.
    for (const match of text.replace(/``.*?``|`[^`]*`/g, '').matchAll(/<!--\s*schema:\s*([^>]*?)\s*-->/g)) {
      for (const name of match[1].split(',').map((part) => part.trim()).filter(Boolean)) claims.set(name, line);
    }
  }
  return claims;
}

/** Every way the reference and the schema disagree, as sentences; empty when they agree. */
function referenceProblems(markdown: string, document: Schema): string[] {
  const { keys, values } = schemaVocabulary(document);
  const documented = documentedKeywords(markdown);
  const claims = claimedDefinitions(markdown);
  const problems: string[] = [];
  for (const key of [...keys].sort()) {
    if (!documented.has(key)) problems.push(`the schema's key "${key}" is documented nowhere (a heading or a table row's first cell, in backticks)`);
  }
  for (const [keyword, line] of documented) {
    if (!keys.has(keyword) && !values.has(keyword)) problems.push(`line ${line} documents "${keyword}", which is no key or value of the schema`);
  }
  for (const name of Object.keys(document.definitions).sort()) {
    if (!claims.has(name)) problems.push(`the schema's definition "${name}" is claimed by no section (<!-- schema: ${name} -->)`);
  }
  for (const [name, line] of claims) {
    if (!(name in document.definitions)) problems.push(`line ${line} claims the definition "${name}", which the schema does not have`);
  }
  return problems;
}

// ---------------------------------------------------------------- examples

interface Example {
  readonly line: number;
  readonly text: string;
}

/** The ```yaml blocks, with the line their first line is on. */
function yamlExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```yaml\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((text, j) => j > i && /^```\s*$/.test(text));
    if (end < 0) throw new Error(`the yaml block at line ${i + 1} is not closed`);
    examples.push({ line: i + 2, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return examples;
}

function parseYaml(text: string, what: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length) throw new Error(`${what}: ${document.errors[0].message}`);
  return document.toJS();
}

/** A stand-in for each field OneRoster requires that a fragment leaves out: a vocabulary value, or a column of the source. */
function withRequiredFields(fields: Json, entity: string, alias: string): Json {
  const definition = schema.definitions[`${entity}Fields`];
  if (!definition) throw new Error(`no entity ${entity}`);
  const complete: Json = { ...fields };
  for (const field of [...(definition.required ?? []), ...fieldsRequiredByTrackingRule(schema)]) {
    if (field in complete) continue;
    const property = definition.properties![field] as { anyOf?: Array<{ enum?: unknown[] }>; allOf?: Array<{ $ref?: string }> };
    const vocabulary = property.anyOf?.[0]?.enum?.filter((value) => value !== null);
    if (vocabulary?.length) complete[field] = vocabulary[0];
    else if (property.allOf?.[0]?.$ref === '#/definitions/listField') complete[field] = [`${alias}.${field}`];
    else complete[field] = `${alias}.${field}`;
  }
  return complete;
}

/** A source over a stand-in table; further aliases are left-joined stand-in tables. */
function standInSource(aliases: string[], rest: Json): Json {
  const [alias, ...joined] = aliases;
  if (!alias) throw new Error('a fields or where fragment names at least the alias of its table');
  const joins = joined.map((other) => ({ table: `example_${other.toLowerCase()}`, alias: other, on: { [`${other}.id`]: `${alias}.id` }, type: 'left' }));
  return { name: 'example', table: 'example_table', alias, ...(joins.length ? { joins } : {}), ...rest };
}

/**
 * The mapping file an example stands for: the block itself, or a fragment wrapped as its first
 * line says (`# fragment: fields|where <entity> <alias>…`, `# fragment: sources <entity>`).
 */
function exampleFile(example: Example): string {
  const [first, ...rest] = example.text.split('\n');
  const marker = /^#\s*fragment:\s*(.*)$/.exec(first);
  if (!marker) return example.text;
  const [kind, entity, ...aliases] = marker[1].trim().split(/\s+/);
  const body = parseYaml(rest.join('\n'), `the fragment at line ${example.line}`);
  let sources: Json[];
  if (kind === 'fields') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error(`the fields fragment at line ${example.line} is not an object`);
    sources = [standInSource(aliases, { fields: withRequiredFields(body as Json, entity, aliases[0]) })];
  } else if (kind === 'where') {
    if (!Array.isArray(body)) throw new Error(`the where fragment at line ${example.line} is not a list`);
    sources = [standInSource(aliases, { where: body, fields: withRequiredFields({}, entity, aliases[0]) })];
  } else if (kind === 'sources') {
    if (!Array.isArray(body)) throw new Error(`the sources fragment at line ${example.line} is not a list`);
    sources = (body as Json[]).map((source) => ({ ...source, fields: withRequiredFields((source.fields as Json) ?? {}, entity, String(source.alias)) }));
  } else {
    throw new Error(`line ${example.line}: unknown fragment kind "${kind}" (fields, where or sources)`);
  }
  return stringify({ version: 1, entity, sources });
}

let validateSchema: ValidateFunction | undefined;

/** What the compiler and the JSON Schema say about a mapping file's text: empty when both accept it. */
function problemsWith(file: string, text: string): string[] {
  const diagnostics: MappingDiagnostic[] = [];
  compileMappingFile(file, text, diagnostics);
  validateSchema ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
  const valid = validateSchema(parseYaml(text, file));
  return [
    ...diagnostics.map((d) => `${d.code} ${d.message} (${d.path})`),
    ...(valid ? [] : (validateSchema.errors ?? []).map((error) => `schema: ${error.instancePath || '/'} ${error.message}`)),
  ];
}

// ---------------------------------------------------------------- generated field tables

function fieldRow(entity: string, field: string, property: Json, required: boolean, requiredUnlessTracking: boolean): string {
  const description = String(property.description);
  const prefix = `${entity}.${field}: `;
  if (!description.startsWith(prefix)) throw new Error(`unexpected description of ${entity}.${field}: ${description}`);
  const text = description.slice(prefix.length);
  const cut = text.indexOf('. ');
  const holds = cut < 0 ? text.replace(/\.$/, '') : text.slice(0, cut);
  const vocabulary = (property.anyOf as Array<{ enum?: unknown[] }> | undefined)?.[0]?.enum?.filter((value) => value !== null);
  const value = vocabulary?.length ? `one of ${vocabulary.map((item) => `\`${item}\``).join(', ')}` : holds;
  const only = /Served in OneRoster ([\d., ]+) only\./.exec(text);
  const defaulted = /Optional: (.*)\.(?: |$)/.exec(text);
  const necessity = required
    ? 'required'
    : requiredUnlessTracking
      ? 'required, unless the file declares `tracking.lastModified`'
      : defaulted
        ? `optional; ${defaulted[1]}`
        : 'optional';
  return `| \`${field}\` | ${value}${only ? ` (OneRoster ${only[1]} only)` : ''} | ${necessity} |`;
}

/** Per entity: every field, what it holds (and its vocabulary), and whether a source must map it. */
function entityFieldTables(document: Schema): string {
  const entities = document.properties.entity.enum as string[];
  const byTracking = new Set(fieldsRequiredByTrackingRule(document));
  return entities
    .map((entity) => {
      const definition = document.definitions[`${entity}Fields`];
      const rows = Object.entries(definition.properties!).map(([field, property]) =>
        fieldRow(entity, field, property, (definition.required ?? []).includes(field), byTracking.has(field)),
      );
      return [`### \`${entity}\``, '', '| field | value | in a source |', '|---|---|---|', ...rows].join('\n');
    })
    .join('\n\n');
}

function withEntityFieldTables(markdown: string, document: Schema): string {
  const begin = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`mappings/README.md lacks the markers ${BEGIN} … ${END}`);
  return `${markdown.slice(0, begin + BEGIN.length)}\n\n${entityFieldTables(document)}\n\n${markdown.slice(end)}`;
}

// ---------------------------------------------------------------- the checks

describe('mappings/README.md, the mapping language reference', () => {
  test('has the field tables generated from the schema (UPDATE_MAPPING_REFERENCE=1 rewrites them)', () => {
    const expected = withEntityFieldTables(reference, schema);
    if (process.env.UPDATE_MAPPING_REFERENCE === '1' && expected !== reference) writeFileSync(REFERENCE, expected);
    else expect(reference).toBe(expected);
  });

  test('documents every key and definition of the schema, and nothing the schema lacks', () => {
    expect(referenceProblems(reference, schema)).toEqual([]);
  });

  test('the keyword check notices an undocumented key, an invented keyword and an unclaimed definition', () => {
    const separatorUndocumented = reference.replaceAll('`separator`', 'separator');
    expect(referenceProblems(separatorUndocumented, schema)).toEqual([expect.stringContaining('"separator" is documented nowhere')]);
    expect(referenceProblems(`${reference}\n### \`colour\`\n`, schema)).toEqual([expect.stringContaining('documents "colour"')]);
    expect(referenceProblems(reference.replace('<!-- schema: templateExpression -->', ''), schema)).toEqual([expect.stringContaining('"templateExpression" is claimed by no section')]);
  });

  const examples = yamlExamples(reference);

  test('has examples of whole files and of every fragment kind', () => {
    const kinds = examples.map((example) => /^#\s*fragment:\s*(\w+)/.exec(example.text)?.[1] ?? 'file');
    expect(new Set(kinds)).toEqual(new Set(['file', 'fields', 'where', 'sources']));
    expect(examples.length).toBeGreaterThanOrEqual(25);
  });

  test.each(examples.map((example) => [example.line, example] as const))('the example at line %i compiles and passes the schema', (_line, example) => {
    expect(problemsWith(`mappings/README.md:${example.line}`, exampleFile(example))).toEqual([]);
  });

  test('a broken example fails: an alias out of scope, a value outside the vocabulary, an unknown fragment kind', () => {
    const broken = (text: string) => problemsWith('broken', exampleFile({ line: 1, text }));
    expect(broken('# fragment: fields users S\ngivenName: X.FRST_NM')).toEqual(expect.arrayContaining([expect.stringContaining('MAPPING_UNKNOWN_ALIAS')]));
    expect(broken('# fragment: fields users S\nrole: pupil')).toEqual(expect.arrayContaining([expect.stringContaining('MAPPING_ENUM_VALUE')]));
    expect(() => exampleFile({ line: 7, text: '# fragment: field users S\ngivenName: S.X' })).toThrow('unknown fragment kind "field"');
  });

  test('links only to files that exist', () => {
    const targets = [...reference.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect([target, existsSync(resolve(dirname(REFERENCE), target))]).toEqual([target, true]);
  });
});

describe('the worked examples under mappings/examples', () => {
  const folders = readdirSync(EXAMPLES)
    .map((name) => join(EXAMPLES, name, 'mappings'))
    .filter((folder) => existsSync(folder) && statSync(folder).isDirectory());

  test('exist', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  test.each(folders.map((folder) => [folder.slice(ROOT.length + 1), folder] as const))('%s compiles and every file passes the schema', (_name, folder) => {
    const compiled = compileMappings(folder);
    expect([...compiled.entities.keys()].sort()).toEqual(['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml'))) {
      expect([file, problemsWith(file, readFileSync(join(folder, file), 'utf8'))]).toEqual([file, []]);
    }
  });
});
