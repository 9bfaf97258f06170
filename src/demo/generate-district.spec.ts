import { LEGACY_SCHEMA_VERSION } from './legacy-schema';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { ensureDemoDatabase } from './demo-database';
import type { Row } from './generate-district';
import { generateDistrict } from './generate-district';
import { LEGACY_TABLES } from './legacy-schema';
import { DEMO_INFO_TABLE, loadDistrict } from './load-district';

const DEFAULT_SCALE = 1000;

function collect(students: number, seed?: number): Record<string, Row[]> {
  const tables: Record<string, Row[]> = {};
  for (const { table, row } of generateDistrict({ students, seed })) (tables[table] ??= []).push(row);
  return tables;
}

function hashDistrict(students: number, seed?: number): string {
  const hash = createHash('sha256');
  for (const { table, row } of generateDistrict({ students, seed })) hash.update(`${table}\t${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

interface Column {
  name: string;
  type: string;
  length?: number;
  notNull: boolean;
}

/** Column types, widths, nullability and primary key as PostgreSQL would enforce them. */
function describeTables(): Record<string, { columns: Column[]; key: string[] }> {
  const pg = knex({ client: 'pg' });
  const out: Record<string, { columns: Column[]; key: string[] }> = {};
  for (const [table, build] of Object.entries(LEGACY_TABLES)) {
    const sql = pg.schema.createTable(table, build).toSQL()[0].sql;
    const key = /primary key \(([^)]*)\)/.exec(sql)![1].split(',').map((c) => c.trim().replace(/"/g, ''));
    const columns = [...sql.matchAll(/"(\w+)" (\w+)(?:\((\d+)\))?( not null| null)?[,)]/g)].map(([, name, type, length, nullity]) => ({
      name,
      type: type.toLowerCase(),
      length: length ? Number(length) : undefined,
      notNull: nullity === ' not null' || key.includes(name),
    }));
    out[table] = { columns, key };
  }
  return out;
}

const keyOf = (row: Row, columns: string[]) => columns.map((c) => String(row[c])).join('|');
const share = (rows: Row[], test: (row: Row) => boolean) => rows.filter(test).length / rows.length;

describe('generateDistrict', () => {
  let d: Record<string, Row[]>;
  beforeAll(() => {
    d = collect(DEFAULT_SCALE);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const first = hashDistrict(300, 7);
    expect(hashDistrict(300, 7)).toBe(first);
    expect(hashDistrict(300, 8)).not.toBe(first);
    expect(hashDistrict(DEFAULT_SCALE)).toBe(hashDistrict(DEFAULT_SCALE));
  });

  it('never touches Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    for (const _ of generateDistrict({ students: 50 }));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('fits every row to its table: exact columns, NOT NULL, widths, value types', () => {
    const tables = describeTables();
    const problems: string[] = [];
    for (const [table, rows] of Object.entries(d)) {
      const { columns } = tables[table];
      const names = columns.map((c) => c.name).sort().join(',');
      for (const row of rows) {
        if (Object.keys(row).sort().join(',') !== names) problems.push(`${table}: columns ${Object.keys(row).join(',')}`);
        for (const c of columns) {
          const value = row[c.name];
          const bad =
            value === null || value === undefined
              ? c.notNull && 'is null'
              : c.type === 'date'
                ? !/^\d{4}-\d{2}-\d{2}$/.test(String(value)) && 'is not YYYY-MM-DD'
                : c.type === 'timestamptz'
                  ? !(value instanceof Date) && 'is not a Date'
                  : c.type === 'integer' || c.type === 'smallint'
                    ? !Number.isInteger(value) && 'is not an integer'
                    : c.length !== undefined && String(value).length > c.length && `is longer than ${c.length}`;
          if (bad) problems.push(`${table}.${c.name} '${String(value)}' ${bad}`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('has unique primary keys in every table', () => {
    const tables = describeTables();
    for (const [table, rows] of Object.entries(d)) {
      const keys = new Set(rows.map((r) => keyOf(r, tables[table].key)));
      expect([table, keys.size]).toEqual([table, rows.length]);
    }
  });

  it('keeps referential integrity', () => {
    const ids = (table: string, columns: string[]) => new Set(d[table].map((r) => keyOf(r, columns)));
    const expectAllIn = (table: string, columns: string[], target: Set<string>, targetColumns = columns) => {
      const missing = d[table].filter((r) => !target.has(keyOf(r, columns)));
      expect([table, columns.join(','), targetColumns.join(','), missing.slice(0, 3)]).toEqual([table, columns.join(','), targetColumns.join(','), []]);
    };
    const students = ids('STU_MSTR', ['STU_ID']);
    const staff = ids('STF_MSTR', ['STF_ID']);
    const schools = ids('SCH_MSTR', ['SCH_CD']);
    const sections = ids('SECT_MSTR', ['SCH_CD', 'SY_ID', 'SECT_NO']);

    expectAllIn('SECT_STU', ['STU_ID'], students);
    expectAllIn('SECT_STU', ['SCH_CD', 'SY_ID', 'SECT_NO'], sections);
    expectAllIn('SECT_TCH', ['SCH_CD', 'SY_ID', 'SECT_NO'], sections);
    expectAllIn('SECT_TRM', ['SCH_CD', 'SY_ID', 'SECT_NO'], sections);
    expectAllIn('SECT_TRM', ['SCH_CD', 'SY_ID', 'TRM_CD'], ids('TRM_MSTR', ['SCH_CD', 'SY_ID', 'TRM_CD']));
    expectAllIn('SECT_MSTR', ['SCH_CD', 'CRS_NO'], ids('CRS_MSTR', ['SCH_CD', 'CRS_NO']));
    expectAllIn('SECT_MSTR', ['SY_ID'], ids('SCH_YR', ['SY_ID']));
    expectAllIn('STU_CNTCT', ['CNTCT_ID'], ids('CNTCT_MSTR', ['CNTCT_ID']));
    expectAllIn('STU_CNTCT', ['STU_ID'], students);
    expectAllIn('STU_MSTR', ['SCH_CD'], schools);
    expectAllIn('STU_MSTR', ['GRD_CD'], ids('CD_GRD', ['GRD_CD']));
    expectAllIn('STF_SCH', ['STF_ID'], staff);
    expectAllIn('STF_MSTR', ['STF_ID'], ids('STF_SCH', ['STF_ID']));
    expectAllIn('SECT_TCH', ['STF_ID', 'SCH_CD'], ids('STF_SCH', ['STF_ID', 'SCH_CD']));
    expectAllIn('SCH_MSTR', ['PRIN_STF_ID'], staff, ['STF_ID']);
    expectAllIn('CRS_MSTR', ['SUBJ_CD'], ids('CD_SUBJ', ['SUBJ_CD']));
    expectAllIn('STU_CNTCT', ['REL_CD'], ids('CD_REL', ['REL_CD']));
    expectAllIn('STF_MSTR', ['STF_TYP'], ids('CD_STF_TYP', ['STF_TYP']));
    expectAllIn('STU_MSTR', ['ENR_STAT'], ids('CD_ENR_STAT', ['ENR_STAT']));
    // Every section has exactly one primary teacher.
    const primaries = d.SECT_TCH.filter((r) => r.PRIM_FLG === 'Y').map((r) => keyOf(r, ['SCH_CD', 'SY_ID', 'SECT_NO']));
    expect(new Set(primaries).size).toBe(primaries.length);
    expect(primaries.length).toBe(d.SECT_MSTR.length);
  });

  it('has the fixed code tables and calendar', () => {
    expect(d.CD_GNDR.map((r) => r.GNDR_CD)).toEqual(['M', 'F', 'X']);
    expect(d.CD_GRD.map((r) => r.GRD_CD)).toEqual(['PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(d.CD_REL.map((r) => r.REL_CD).join('')).toBe('MFGSREO');
    expect(d.CD_SUBJ.map((r) => `${r.SUBJ_CD}${r.SCED_CD}`)).toEqual(['EN01', 'MA02', 'SC03', 'SS04', 'AR05', 'WL06', 'PE08', 'CS10']);
    expect(d.SCH_YR.map(({ SY_ID, SY_DESC, BEG_DT, END_DT, CUR_YR_FLG }) => ({ SY_ID, SY_DESC, BEG_DT, END_DT, CUR_YR_FLG }))).toEqual([
      { SY_ID: 2026, SY_DESC: '2025-2026', BEG_DT: '2025-08-18', END_DT: '2026-06-12', CUR_YR_FLG: 'N' },
      { SY_ID: 2027, SY_DESC: '2026-2027', BEG_DT: '2026-08-17', END_DT: '2027-06-11', CUR_YR_FLG: 'Y' },
    ]);
    const terms = d.TRM_MSTR.filter((t) => t.SCH_CD === '001' && t.SY_ID === 2027);
    expect(terms.map((t) => `${t.TRM_CD}:${t.TRM_TYP}:${t.PAR_TRM_CD}:${t.BEG_DT}..${t.END_DT}`)).toEqual([
      'S1:S:null:2026-08-17..2027-01-15',
      'S2:S:null:2027-01-16..2027-06-11',
      'Q1:Q:S1:2026-08-17..2026-10-31',
      'Q2:Q:S1:2026-11-01..2027-01-15',
      'Q3:Q:S2:2027-01-16..2027-03-30',
      'Q4:Q:S2:2027-03-31..2027-06-11',
    ]);
    expect(d.TRM_MSTR).toHaveLength(d.SCH_MSTR.length * 2 * 6);
  });

  it('has roughly the specified shape at the default scale', () => {
    const n = DEFAULT_SCALE;
    expect(d.STU_MSTR).toHaveLength(n);
    expect(d.SCH_MSTR.map((s) => `${s.SCH_CD}${s.SCH_LVL}:${s.SCH_NM}`)).toEqual([
      '001E:Lincoln Elementary School',
      '002M:Washington Middle School',
      '003H:Jefferson High School',
    ]);
    const teachers = d.STF_MSTR.filter((s) => s.STF_TYP === 'T').length;
    expect(teachers).toBeGreaterThanOrEqual(n / 18 - 3);
    expect(teachers).toBeLessThanOrEqual(n / 18 + 5);
    expect(d.STU_CNTCT.length / n).toBeGreaterThan(1.55);
    expect(d.STU_CNTCT.length / n).toBeLessThan(1.85);
    const current = d.SECT_STU.filter((r) => r.SY_ID === 2027).length / n;
    expect(current).toBeGreaterThan(7);
    expect(current).toBeLessThan(9);
    expect(d.SECT_STU.filter((r) => r.SY_ID === 2026).length).toBeGreaterThan(0);
    expect(d.SECT_MSTR.filter((r) => r.SY_ID === 2026).length).toBeGreaterThan(0);

    const sizes = new Map<string, number>();
    for (const r of d.SECT_STU) sizes.set(keyOf(r, ['SCH_CD', 'SY_ID', 'SECT_NO']), (sizes.get(keyOf(r, ['SCH_CD', 'SY_ID', 'SECT_NO'])) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(30);

    // Siblings: students sharing at least one contact with another student.
    const byContact = new Map<number, Set<string>>();
    for (const r of d.STU_CNTCT) (byContact.get(r.CNTCT_ID as number) ?? byContact.set(r.CNTCT_ID as number, new Set()).get(r.CNTCT_ID as number)!).add(r.STU_ID as string);
    const siblings = new Set([...byContact.values()].filter((s) => s.size > 1).flatMap((s) => [...s]));
    expect(siblings.size / n).toBeGreaterThan(0.12);
    expect(siblings.size / n).toBeLessThan(0.3);

    expect(share(d.STU_MSTR, (s) => s.ENR_STAT === 'A')).toBeGreaterThan(0.9);
    expect(share(d.STU_MSTR, (s) => s.LST_UPD_DT === null)).toBeGreaterThan(0.08);
    expect(share(d.STU_MSTR, (s) => s.LST_UPD_DT === null)).toBeLessThan(0.22);
  });

  it('has the edge cases the mappings must handle at the default scale', () => {
    const active = (rows: Row[], test: (r: Row) => boolean = () => true) => rows.filter((r) => r.DEL_FLG !== 'Y' && r.ACTV_FLG !== 'N' && test(r)).length;
    expect(active(d.SCH_MSTR)).toBeGreaterThanOrEqual(3);
    expect(active(d.STU_MSTR, (s) => s.ENR_STAT === 'A')).toBeGreaterThanOrEqual(3);
    for (const type of ['T', 'A', 'I', 'S']) expect([type, active(d.STF_MSTR, (s) => s.STF_TYP === type) >= 3]).toEqual([type, true]);
    expect(active(d.CNTCT_MSTR, (c) => c.EMAIL !== null)).toBeGreaterThanOrEqual(3);
    expect(active(d.CRS_MSTR)).toBeGreaterThanOrEqual(3);
    expect(active(d.SECT_MSTR, (s) => s.SY_ID === 2027)).toBeGreaterThanOrEqual(3);
    expect(d.CRS_MSTR.filter((c) => c.ACTV_FLG === 'N').length).toBeGreaterThan(0);
    expect(d.STU_MSTR.filter((s) => s.DEL_FLG === 'Y').length).toBeGreaterThanOrEqual(2);
    expect(d.STU_MSTR.filter((s) => s.ENR_STAT === 'W' && s.WDRL_DT !== null).length).toBeGreaterThanOrEqual(3);
    expect(d.STU_MSTR.filter((s) => s.ENR_STAT === 'W' && s.WDRL_DT === null)).toEqual([]);
    expect(d.CNTCT_MSTR.filter((c) => c.EMAIL === null).length).toBeGreaterThanOrEqual(3);
    expect(d.STF_MSTR.filter((s) => s.LST_UPD_DT === null).length).toBeGreaterThan(0);
    expect(d.SECT_STU.filter((s) => s.DROP_FLG === 'Y' && s.EXIT_DT !== null).length).toBeGreaterThan(0);
    expect(d.SECT_STU.filter((s) => s.DROP_FLG === 'N' && s.EXIT_DT !== null)).toEqual([]);
    expect(d.SECT_MSTR.filter((s) => s.SECT_TYP === 'H').length).toBeGreaterThan(0);
    expect(d.STU_MSTR.some((s) => /['-]/.test(String(s.LST_NM)))).toBe(true);

    const preRegistered = new Set(d.STU_MSTR.filter((s) => s.ENR_STAT === 'P').map((s) => s.STU_ID));
    expect(preRegistered.size).toBeGreaterThan(0);
    expect(d.SECT_STU.filter((r) => preRegistered.has(r.STU_ID as string))).toEqual([]);
    const withdrawn = new Set(d.STU_MSTR.filter((s) => s.ENR_STAT === 'W').map((s) => s.STU_ID));
    expect(d.SECT_STU.filter((r) => r.SY_ID === 2027 && withdrawn.has(r.STU_ID as string) && r.DROP_FLG !== 'Y')).toEqual([]);

    const emails = d.STU_MSTR.filter((s) => ['K', '1', '2'].includes(s.GRD_CD as string)).map((s) => s.EMAIL_ADDR);
    expect(emails.every((e) => e === null)).toBe(true);
    expect(new Set(d.STU_MSTR.map((s) => s.LOGIN_ID)).size).toBe(DEFAULT_SCALE);
    expect(new Set(d.STF_MSTR.map((s) => s.LOGIN_ID)).size).toBe(d.STF_MSTR.length);
  });

  it('stamps audit columns from the fixed clock only', () => {
    const from = Date.UTC(2025, 5, 1);
    const to = Date.UTC(2026, 10, 1);
    const problems: string[] = [];
    for (const [table, rows] of Object.entries(d)) {
      for (const r of rows) {
        const updated = r.LST_UPD_DT instanceof Date ? r.LST_UPD_DT.getTime() : null;
        if (updated !== null && (updated % 1000 !== 0 || updated < from || updated >= to)) problems.push(`${table} LST_UPD_DT ${updated}`);
        if (table !== 'STU_MSTR') continue;
        const created = (r.CRT_DT as Date).getTime();
        if (created < Date.UTC(2015, 0, 1) || created > Date.UTC(2026, 7, 31, 23, 59, 59)) problems.push(`CRT_DT ${created}`);
        if (updated !== null && created > updated) problems.push(`${r.STU_ID} CRT_DT after LST_UPD_DT`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('copes with a tiny district', () => {
    const tiny = collect(10);
    expect(tiny.STU_MSTR).toHaveLength(10);
    expect(tiny.SCH_MSTR).toHaveLength(3);
  });
});

describe('loadDistrict into SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-load-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads exactly the generated rows, with SQLite DATETIME text', async () => {
    const expected: Record<string, number> = {};
    for (const { table } of generateDistrict({ students: 400, seed: 11 })) expected[table] = (expected[table] ?? 0) + 1;

    const db = knex({ client: 'better-sqlite3', connection: { filename: join(dir, 'load.sqlite') }, useNullAsDefault: true });
    try {
      // Twice: the second load must replace, not append to, the first.
      await loadDistrict(db, { students: 300, seed: 3 });
      const result = await loadDistrict(db, { students: 400, seed: 11 });
      expect(result.rows).toEqual(expected);
      for (const [table, count] of Object.entries(expected)) {
        const [{ n }] = await db(table).count({ n: '*' });
        expect([table, Number(n)]).toEqual([table, count]);
      }
      expect(await db(DEMO_INFO_TABLE).select()).toEqual([{ SCHEMA_VERSION: LEGACY_SCHEMA_VERSION, SEED: 11, STUDENTS: 400 }]);
      const stamp = await db('STU_MSTR').whereNotNull('LST_UPD_DT').first('LST_UPD_DT', 'CRT_DT', 'BRTH_DT');
      expect(stamp.LST_UPD_DT).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(stamp.CRT_DT).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(stamp.BRTH_DT).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const quoted = await db('STU_MSTR').where('LST_NM', 'like', "%'%").count({ n: '*' });
      expect(Number(quoted[0].n)).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });

  it('ensureDemoDatabase builds once and rebuilds only when the settings change', async () => {
    const file = join(dir, 'nested', 'demo.sqlite');
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(await ensureDemoDatabase(file, { students: 120, log })).toEqual({ created: true });
    expect(existsSync(file)).toBe(true);
    expect(await ensureDemoDatabase(file, { students: 120, log })).toEqual({ created: false });
    expect(await ensureDemoDatabase(file, { students: 120, seed: 5, log })).toEqual({ created: true });
    expect(lines.length).toBeGreaterThan(0);

    const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      expect(await db(DEMO_INFO_TABLE).select()).toEqual([{ SCHEMA_VERSION: LEGACY_SCHEMA_VERSION, SEED: 5, STUDENTS: 120 }]);
    } finally {
      await db.destroy();
    }
    // No temporary files are left behind.
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });
});
