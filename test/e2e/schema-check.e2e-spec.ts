import knex, { Knex } from 'knex';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMappingAgainstSchema, mappingTableNames } from '../../src/mapping/check-against-schema';
import { compileMappings } from '../../src/mapping/compile-mappings';
import { MappingError } from '../../src/mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../../src/mapping/diagnostics/render-diagnostics';
import { parseConnectionUrl, SourceConnection } from '../../src/source/connection-url';
import { findSchemaColumn, findSchemaTable } from '../../src/mapping/schema-snapshot';
import { introspectSchema } from '../../src/source/introspect-schema';
import { SourceDatabase } from '../../src/source/source-database';
import type { MappingsCheckReport } from '../../src/tools/check-mappings-report';
import { describeEachSource, prepareSource, sisConnection, SourceTarget } from '../support/source-targets';
import { PROJECT_ROOT, startServerOn } from '../support/test-server';
import { runBuiltCli } from '../support/run-built-tool';
import { sourceEnv } from '../support/spawned-server';

const DEMO_MAPPINGS = join(PROJECT_ROOT, 'mappings', 'demo');
const options = { poolMax: 2, connectTimeoutMs: 5000, queryTimeoutMs: 30000, timeZone: 'UTC' };

/** A copy of the demo mapping folder with one text replaced in one file. */
function editedDemoMappings(file: string, from: string, to: string): { folder: string; path: string; text: string } {
  const folder = mkdtempSync(join(tmpdir(), 'schema-check-'));
  cpSync(DEMO_MAPPINGS, folder, { recursive: true });
  const path = join(folder, file);
  const original = readFileSync(path, 'utf8');
  expect(original).toContain(from);
  const text = original.replace(from, to);
  writeFileSync(path, text);
  return { folder, path, text };
}

/** 1-based line and column where `needle` starts in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function adapterConnection(target: SourceTarget, prepared: { sourceUrl?: string; sqliteFile?: string }): SourceConnection {
  return target.name === 'sqlite'
    ? { client: 'better-sqlite3', connection: { filename: prepared.sqliteFile! }, display: 'sqlite' }
    : parseConnectionUrl(prepared.sourceUrl!);
}

/** At startup every table and column a mapping names is checked against the connected database. */
describeEachSource('mappings are checked against the live schema at startup', (target) => {
  let prepared: { sourceUrl?: string; sqliteFile?: string };
  const folders: string[] = [];

  beforeAll(async () => {
    prepared = await prepareSource(target);
  });

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('finds every table and column of the demo mapping, through the read-only login', async () => {
    const mapping = compileMappings(DEMO_MAPPINGS);
    const source = new SourceDatabase(adapterConnection(target, prepared), options);
    try {
      const schema = await introspectSchema(source.db, mappingTableNames(mapping));
      expect(schema.tables.map((table) => table.name).sort()).toEqual([...mappingTableNames(mapping)].sort());
      expect(schema.tableNames).toEqual(expect.arrayContaining(['STU_MSTR', 'SCH_MSTR', 'CD_GRD']));
      expect(checkMappingAgainstSchema(mapping, schema)).toEqual([]);
    } finally {
      await source.close();
    }
  });

  it('refuses to start on a misspelled column, naming file, line, column and the closest column', async () => {
    const edited = editedDemoMappings('users.yaml', 'givenName: S.FRST_NM', 'givenName: S.FRST_NAM');
    folders.push(edited.folder);
    const error = await startServerOn(prepared, (config) => {
      config.mappings = edited.folder;
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(MappingError);
    const { line, column } = positionOf(edited.text, 'S.FRST_NAM');
    expect((error as MappingError).diagnostics).toEqual([
      {
        file: edited.path,
        line,
        column,
        code: 'MAPPING_UNKNOWN_COLUMN',
        message: 'column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?',
        path: 'sources[0].fields.givenName',
      },
    ]);
    const rendered = renderDiagnostics((error as MappingError).diagnostics, edited.folder);
    expect(rendered).toContain(`users.yaml:${line}:${column}  MAPPING_UNKNOWN_COLUMN  column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?`);
  });

  it('reports a misspelled joined table and a misspelled child-list column together', async () => {
    const edited = editedDemoMappings('classes.yaml', '{ table: CRS_MSTR, alias: C', '{ table: CRS_MASTR, alias: C');
    folders.push(edited.folder);
    const users = join(edited.folder, 'users.yaml');
    const usersText = readFileSync(users, 'utf8').replace('orderBy: [L.CNTCT_SEQ]', 'orderBy: [L.CNTCT_SEQNO]');
    writeFileSync(users, usersText);
    const error = (await startServerOn(prepared, (config) => {
      config.mappings = edited.folder;
    }).catch((thrown: unknown) => thrown)) as MappingError;
    expect(error).toBeInstanceOf(MappingError);
    expect(error.diagnostics.map((d) => [d.file.slice(edited.folder.length + 1), d.line, d.column, d.code, d.message.replace(/ in [^;]*;/, ';')])).toEqual([
      ['classes.yaml', positionOf(edited.text, '{ table: CRS_MASTR').line, positionOf(edited.text, '{ table: CRS_MASTR').column, 'MAPPING_UNKNOWN_TABLE', 'table CRS_MASTR does not exist; did you mean CRS_MSTR?'],
      ['users.yaml', positionOf(usersText, 'L.CNTCT_SEQNO').line, positionOf(usersText, 'L.CNTCT_SEQNO').column, 'MAPPING_UNKNOWN_COLUMN', 'column STU_CNTCT.CNTCT_SEQNO does not exist; did you mean CNTCT_SEQ?'],
    ]);
  });

  it('compares names exactly as the database resolves the quoted identifiers the engine sends', async () => {
    const source = new SourceDatabase(adapterConnection(target, prepared), options);
    try {
      const schema = await introspectSchema(source.db, ['stu_mstr', 'STU_MSTR']);
      const tableWorks = await source.db('stu_mstr').select('STU_ID').first().then(() => true, () => false);
      const columnWorks = await source.db('STU_MSTR').select('frst_nm').first().then(() => true, () => false);
      expect(findSchemaTable(schema, 'stu_mstr') !== undefined).toBe(tableWorks);
      expect(findSchemaColumn(schema, findSchemaTable(schema, 'STU_MSTR')!, 'frst_nm') !== undefined).toBe(columnWorks);
      // The documented rules: SQLite ignores case, PostgreSQL does not, MySQL/MariaDB ignore it for columns.
      if (target.name === 'sqlite') expect([tableWorks, columnWorks]).toEqual([true, true]);
      if (target.name === 'postgres') expect([tableWorks, columnWorks]).toEqual([false, false]);
      if (target.name === 'mariadb') expect(columnWorks).toBe(true);
    } finally {
      await source.close();
    }
  });

  it('resolves schema-qualified names as the database does', async () => {
    const source = new SourceDatabase(adapterConnection(target, prepared), options);
    const schemaName = { sqlite: 'main', postgres: 'public', mariadb: new URL(target.adapterUrl ?? 'x:/').pathname.slice(1) }[target.name];
    try {
      const schema = await introspectSchema(source.db, [`${schemaName}.STU_MSTR`, 'nowhere.STU_MSTR']);
      expect(schema.tables.map((table) => table.name)).toEqual([`${schemaName}.STU_MSTR`]);
      expect(findSchemaColumn(schema, schema.tables[0], 'FRST_NM')).toBe('FRST_NM');
      expect(schema.tableNames).toEqual(expect.arrayContaining(['STU_MSTR', `${schemaName}.STU_MSTR`]));
      await expect(source.db(`${schemaName}.STU_MSTR`).select('STU_ID').first()).resolves.toBeDefined();
    } finally {
      await source.close();
    }
  });

  if (target.name === 'postgres') {
    it('looks bare names up through the whole search_path, in order', async () => {
      const owner = await sisConnection(target);
      const probe = 'or_probe_search_path';
      try {
        await owner.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [probe]);
        await owner.raw('CREATE SCHEMA ??', [probe]);
        await owner.raw('CREATE TABLE ??.?? (?? integer, ?? text)', [probe, 'EXTRA_T', 'ID', 'NM']);
        await owner.raw('CREATE TABLE ??.?? (?? integer)', [probe, 'STU_MSTR', 'SHADOWED']);
        const { client, connection } = parseConnectionUrl(target.ownerUrl!);
        const db = knex({
          client,
          connection: connection as Knex.StaticConnectionConfig,
          pool: { min: 0, max: 1, afterCreate: (raw: { query: (sql: string, done: (error: Error | null) => void) => void }, done: (error: Error | null, raw: unknown) => void) => raw.query(`SET search_path TO public, ${probe}`, (error) => done(error, raw)) },
        });
        try {
          const schema = await introspectSchema(db, ['EXTRA_T', 'STU_MSTR']);
          expect(schema.description).toBe(`PostgreSQL schemas "public", "${probe}"`);
          // EXTRA_T only exists in the second schema; STU_MSTR resolves to public's, as PostgreSQL would.
          expect(schema.tables).toEqual([
            { name: 'EXTRA_T', columns: ['ID', 'NM'] },
            { name: 'STU_MSTR', columns: expect.arrayContaining(['STU_ID', 'FRST_NM']) },
          ]);
          await expect(db('EXTRA_T').select('NM').first()).resolves.toBeUndefined();
          await expect(db('STU_MSTR').select('FRST_NM').first()).resolves.toBeDefined();
          expect(schema.tableNames).toEqual(expect.arrayContaining(['EXTRA_T', 'STU_MSTR']));
        } finally {
          await db.destroy();
        }
      } finally {
        await owner.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [probe]);
        await owner.destroy();
      }
    });
  }

  // A server database that cannot be reached is waited for instead: database-faults.e2e-spec.ts.
  if (target.name === 'sqlite') it('refuses to start when the SQLite file cannot be opened, in one line naming the source', async () => {
    const unreachable = 'sqlite:/nonexistent/folder/sis.sqlite';
    const error = (await startServerOn({ sourceUrl: unreachable }, (config) => {
      config.source.connectTimeoutMs = 3000;
    }).catch((thrown: unknown) => thrown)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SourceSchemaError');
    const display = unreachable;
    expect(error.message).toMatch(new RegExp(`^cannot (connect to|read the schema of) the source database \\S*${display.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\S`));
    expect(error.message).not.toContain('s3cret-pw');
    expect(error.message).not.toContain('\n');
  });
});

/** `oneroster-adapter mappings check` as it runs after the build. */
const runCheck = (args: string[], env: NodeJS.ProcessEnv) => runBuiltCli(['mappings', 'check', ...args], env);

/** The command-line check: the same schema check, then every record through the query engine. */
describeEachSource('oneroster-adapter mappings check', (target) => {
  let env: NodeJS.ProcessEnv;
  const folders: string[] = [];

  beforeAll(async () => {
    const prepared = await prepareSource(target);
    env = sourceEnv(prepared);
  });

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('reports the demo district as JSON: schema ok, every entity read, errors decide the exit code', async () => {
    const { code, stdout } = await runCheck(['--json'], env);
    const report = JSON.parse(stdout) as MappingsCheckReport;
    expect(report).toMatchObject({ schema: { ok: true, tables: 14, diagnostics: [] }, source: expect.any(String), mappings: DEMO_MAPPINGS });
    expect(report.source).not.toMatch(/:[^:*@/]+@/);
    expect(report.data!.entities.map((entity) => [entity.entity, entity.records])).toEqual([
      ['academicSessions', 38],
      ['orgs', 4],
      ['courses', 79],
      ['classes', 346],
      ['users', 2391],
      ['enrollments', 8155],
      ['demographics', 993],
    ]);
    const findings = report.data!.entities.flatMap((entity) => entity.findings.map((finding) => ({ entity: entity.entity, ...finding })));
    expect(report.errors).toBe(findings.filter((finding) => finding.severity === 'error').length);
    expect(report.warnings).toBe(findings.length - report.errors);
    expect(report.ok).toBe(report.errors === 0);
    expect(code).toBe(report.ok ? 0 : 1);
    // Contacts are served only as guardians of served students, so no user lacks an org.
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('exits 0 when there are no errors, and prints a report grouped by entity', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'clean-mappings-'));
    folders.push(folder);
    for (const file of ['academic-sessions.yaml', 'orgs.yaml', 'courses.yaml']) cpSync(join(DEMO_MAPPINGS, file), join(folder, file));
    const { code, stdout } = await runCheck([], { ...env, ONEROSTER_MAPPINGS: folder });
    expect(stdout).toMatch(/^Schema {4}ok: the 5 tables the mappings read and every column they name exist/m);
    expect(stdout).toMatch(/^ {2}academicSessions\s+38 records {2}ok$/m);
    expect(stdout).toMatch(/^ {2}courses\s+79 records {2}ok$/m);
    expect(stdout).toMatch(/^Result {4}no problems \(exit 0\)$/m);
    expect(code).toBe(0);
  });

  it('exits 0 with --schema-only on the demo mapping, without reading data', async () => {
    const { code, stdout } = await runCheck(['--schema-only', '--json'], env);
    const report = JSON.parse(stdout) as MappingsCheckReport;
    expect(report).toMatchObject({ ok: true, errors: 0, schema: { ok: true } });
    expect(report.data).toBeUndefined();
    expect(code).toBe(0);
  });

  it('exits 1 on a misspelled column, naming file, line and column and the closest column', async () => {
    const edited = editedDemoMappings('users.yaml', 'givenName: S.FRST_NM', 'givenName: S.FRST_NAM');
    folders.push(edited.folder);
    const { line, column } = positionOf(edited.text, 'S.FRST_NAM');
    const text = await runCheck([], { ...env, ONEROSTER_MAPPINGS: edited.folder });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`users.yaml:${line}:${column}  MAPPING_UNKNOWN_COLUMN  column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?`);
    expect(text.stdout).not.toMatch(/^Data /m);
    const json = await runCheck(['--json'], { ...env, ONEROSTER_MAPPINGS: edited.folder });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as MappingsCheckReport;
    expect(report).toMatchObject({ ok: false, errors: 1, schema: { ok: false, diagnostics: [{ file: edited.path, line, column, code: 'MAPPING_UNKNOWN_COLUMN' }] } });
    expect(report.data).toBeUndefined();
  });
});
