import Database from 'better-sqlite3';
import knex, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { introspectSchema } from './introspect-schema';

describe('introspectSchema on SQLite', () => {
  let folder: string;
  let db: Knex;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'introspect-'));
    const file = join(folder, 'sis.sqlite');
    const setup = new Database(file);
    setup.exec(`
      CREATE TABLE STU_MSTR (STU_ID INTEGER PRIMARY KEY, FRST_NM TEXT, LST_NM TEXT, LST_UPD_DT TEXT);
      CREATE TABLE SCH_MSTR (SCH_CD TEXT PRIMARY KEY, SCH_NM TEXT);
      CREATE INDEX IX_STU ON STU_MSTR (LST_NM);
      CREATE VIEW V_ACTIVE_STU AS SELECT STU_ID, FRST_NM AS GIVEN FROM STU_MSTR;
    `);
    setup.close();
    // Opened as the adapter opens a source: read-only.
    db = knex({ client: 'better-sqlite3', connection: { filename: file, options: { readonly: true } }, useNullAsDefault: true });
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads the columns of the named tables and views, in table order', async () => {
    const schema = await introspectSchema(db, ['STU_MSTR', 'V_ACTIVE_STU']);
    expect(schema.tables).toEqual([
      { name: 'STU_MSTR', columns: ['STU_ID', 'FRST_NM', 'LST_NM', 'LST_UPD_DT'] },
      { name: 'V_ACTIVE_STU', columns: ['STU_ID', 'GIVEN'] },
    ]);
  });

  it('lists every table and view for hints, without indexes or SQLite internals', async () => {
    const schema = await introspectSchema(db, ['STU_MSTR']);
    expect([...schema.tableNames].sort()).toEqual(['SCH_MSTR', 'STU_MSTR', 'V_ACTIVE_STU']);
    expect(schema.description).toBe('the SQLite database');
  });

  it('leaves out tables that do not exist', async () => {
    const schema = await introspectSchema(db, ['STU_MSTR', 'NO_SUCH_TABLE']);
    expect(schema.tables.map((table) => table.name)).toEqual(['STU_MSTR']);
  });

  it('matches names case-insensitively, as SQLite does, and reports the rule', async () => {
    const schema = await introspectSchema(db, ['stu_mstr']);
    expect(schema.caseSensitiveTables).toBe(false);
    expect(schema.caseSensitiveColumns).toBe(false);
    expect(schema.tables).toEqual([{ name: 'STU_MSTR', columns: ['STU_ID', 'FRST_NM', 'LST_NM', 'LST_UPD_DT'] }]);
  });

  it('resolves schema-qualified names (main.TABLE) and lists that schema qualified', async () => {
    const schema = await introspectSchema(db, ['main.SCH_MSTR', 'nowhere.SCH_MSTR']);
    expect(schema.tables).toEqual([{ name: 'main.SCH_MSTR', columns: ['SCH_CD', 'SCH_NM'] }]);
    expect(schema.tableNames).toEqual(expect.arrayContaining(['SCH_MSTR', 'main.SCH_MSTR', 'main.STU_MSTR']));
  });

  it('answers with no tables when the mapping names none', async () => {
    const schema = await introspectSchema(db, []);
    expect(schema.tables).toEqual([]);
    expect(schema.tableNames.length).toBe(3);
  });
});
