import knex, { Knex } from 'knex';
import type { Expr } from '../mapping/compiled-mapping';
import { DIALECTS } from './dialects/dialect-registry';
import type { SqlDialect } from './dialects/sql-dialect';
import { expressionSql } from './expression-sql';

/**
 * The `e164` mapping expression, executed: phone numbers as legacy SIS tables hold them, in, E.164
 * or NULL out. SQLite in memory always; MariaDB and PostgreSQL when the e2e variables name them.
 */
const US: Expr = { kind: 'e164', input: { kind: 'column', alias: 'P', column: 'RAW' }, countryCode: '1', nationalLength: 10 };
const UK: Expr = { kind: 'e164', input: { kind: 'column', alias: 'P', column: 'RAW' }, countryCode: '44', nationalLength: 10 };

const CASES: ReadonlyArray<[string | null, Expr, string | null]> = [
  ['555-935-9324', US, '+15559359324'],
  ['(555) 935-9324', US, '+15559359324'],
  ['555.935.9324', US, '+15559359324'],
  [' 555 935 9324 ', US, '+15559359324'],
  ['1-555-935-9324', US, '+15559359324'],
  ['+1 555 935 9324', US, '+15559359324'],
  ['+44 20 7946 0958', US, '+442079460958'],
  ['020 7946 0958', UK, '+442079460958'],
  ['02079460958', UK, '+442079460958'],
  ['442079460958', UK, '+442079460958'],
  ['935-9324', US, null],
  ['555-935-93245', US, null],
  ['call me', US, null],
  ['555-935-9324 x12', US, null],
  ['+0 555 935 9324', US, null],
  ['+1 555', US, null],
  ['', US, null],
  [null, US, null],
];

function targets(): Array<{ name: string; dialect: SqlDialect; connect: () => Knex }> {
  const server = (client: 'mysql2' | 'pg', url: string) => () => knex({ client, connection: url, pool: { min: 1, max: 1 } });
  return [
    { name: 'sqlite', dialect: DIALECTS.sqlite, connect: () => knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }) },
    ...(process.env.ONEROSTER_TEST_MYSQL_URL ? [{ name: 'mariadb', dialect: DIALECTS.mysql, connect: server('mysql2', process.env.ONEROSTER_TEST_MYSQL_URL) }] : []),
    ...(process.env.ONEROSTER_TEST_PG_URL ? [{ name: 'postgres', dialect: DIALECTS.postgres, connect: server('pg', process.env.ONEROSTER_TEST_PG_URL) }] : []),
  ];
}

describe.each(targets())('e164 executed on $name', ({ dialect, connect }) => {
  let db: Knex;
  beforeAll(() => {
    db = connect();
  });
  afterAll(() => db.destroy());

  it.each(CASES)('%p → %p', async (raw, expr, expected) => {
    const sql = expressionSql(expr, { dialect, timeZone: 'UTC' }, true);
    const castRaw = dialect.name === 'postgres' ? 'CAST(? AS TEXT)' : '?';
    const rows = await db.raw(`SELECT ${sql.sql} AS ${db.client.wrapIdentifier('v')} FROM (SELECT ${castRaw} AS ${db.client.wrapIdentifier('RAW')}) AS ${db.client.wrapIdentifier('P')}`, [...(sql.bindings as Knex.RawBinding[]), raw]);
    const list = dialect.name === 'postgres' ? rows.rows : dialect.name === 'mysql' ? rows[0] : rows;
    expect(list[0].v ?? null).toBe(expected);
  });
});

describe('e164 SQL on SQL Server', () => {
  it('uses LEN and SUBSTRING and binds every literal', () => {
    const sql = expressionSql(US, { dialect: DIALECTS.mssql, timeZone: 'UTC' }, true);
    expect(sql.sql).toContain('LEN(');
    expect(sql.sql).toContain('SUBSTRING(');
    expect(sql.sql).not.toMatch(/'\+'|'-'/);
    expect(sql.bindings).toContain('+');
  });
});
