import { V1P1 } from '../oneroster/versions';
import 'reflect-metadata';
import { parseCollectionQuery } from '../api/collection-query';
import { loadConfig } from '../config/load-config';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { parseFilter } from '../filter';
import { compileMappings } from '../mapping/compile-mappings';
import { isEntityName } from '../oneroster/entity-catalogue';
import { openConfiguredSource } from '../source/configured-source';
import type { SourceDatabase } from '../source/source-database';
import { buildCollectionQueries, toNativeSql } from '../query/build-collection-query';
import type { CollectionRequest } from '../query/collection-request';
import { DIALECTS } from '../query/dialects/dialect-registry';
import type { DialectName } from '../query/dialects/sql-dialect';
import knex, { Knex } from 'knex';

const USAGE = `usage: npm run explain -- <entity>[/<sourcedId>] ["filter=…&sort=…&limit=…"] [--dialect sqlite|mysql|postgres|mssql]

Prints the SQL the adapter sends for a OneRoster request and, when connected to the configured
source (ONEROSTER_SOURCE_URL, else the demo SQLite), the database's plan for it, so you can see
whether an index serves a filter. --dialect prints another dialect's SQL without connecting.
Example: npm run explain -- users "filter=dateLastModified>'2025-01-01T00:00:00.000Z'"`;

async function main(argv: string[]): Promise<number> {
  const dialectFlag = argv.indexOf('--dialect');
  const offline = dialectFlag >= 0 ? (argv[dialectFlag + 1] as DialectName) : undefined;
  const positional = dialectFlag < 0 ? argv : argv.filter((_, index) => index !== dialectFlag && index !== dialectFlag + 1);
  const [target, queryString = ''] = positional;
  if (!target || target === '--help' || (offline && !DIALECTS[offline])) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [entity, sourcedId] = target.split('/', 2);
  if (!isEntityName(entity)) {
    process.stderr.write(`unknown entity "${entity}"\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const mapping = compileMappings(config.mappings).entities.get(entity);
  if (!mapping) throw new Error(`the mapping folder ${config.mappings} has no ${entity} file`);
  const query = Object.fromEntries(new URLSearchParams(queryString));
  const request: CollectionRequest = sourcedId
    ? { entity, filter: parseFilter(`sourcedId='${sourcedId.replace(/'/g, "''")}'`), limit: 1, offset: 0 }
    : parseCollectionQuery(V1P1, entity, query, config.api).request;

  if (offline) {
    const dialect = DIALECTS[offline];
    const db = knex({ client: dialect.knexClient, useNullAsDefault: true });
    printQueries(buildCollectionQueries(db, mapping, request, { dialect, timeZone: config.source.timezone }));
    await db.destroy();
    return 0;
  }

  const source = await openConfiguredSource(config, { poolMax: 1 });
  try {
    process.stdout.write(`-- source: ${source.connection.display}\n`);
    const queries = buildCollectionQueries(source.db, mapping, request, source.context);
    printQueries(queries);
    if (queries.page) {
      process.stdout.write('\n-- plan of the page query\n');
      process.stdout.write(`${await plan(source, queries.page)}\n`);
    }
  } finally {
    await source.close();
  }
  return 0;
}

function printQueries(queries: ReturnType<typeof buildCollectionQueries>): void {
  if (!queries.page) {
    process.stdout.write('-- no query: the filter rules out every source, the answer is an empty page\n');
    return;
  }
  for (const [title, query] of [['page', queries.page], ['count (X-Total-Count)', queries.count!]] as const) {
    const native = toNativeSql(query);
    process.stdout.write(`\n-- ${title}\n${native.sql};\n-- bindings: ${JSON.stringify(native.bindings)}\n`);
  }
}

async function plan(source: SourceDatabase, page: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = page.toSQL();
  const prefix: Record<DialectName, string | undefined> = { sqlite: 'EXPLAIN QUERY PLAN ', mysql: 'EXPLAIN ', postgres: 'EXPLAIN ', mssql: undefined };
  const explain = prefix[source.dialect.name];
  if (!explain) return '(SQL Server: run the query above in SSMS with "Include Actual Execution Plan")';
  const rows = await source.rows(source.db.raw(`${explain}${sql}`, bindings as Knex.RawBinding[]));
  if (source.dialect.name === 'postgres') return rows.map((row) => String(row['QUERY PLAN'])).join('\n');
  if (source.dialect.name === 'sqlite') return rows.map((row) => `${'  '.repeat(Number(row.parent) ? 1 : 0)}${row.detail}`).join('\n');
  return formatTable(rows);
}

function formatTable(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '(empty plan)';
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => (row[column] === null || row[column] === undefined ? 'NULL' : String(row[column]))));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((cell) => cell[index].length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index])).join(' | ');
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('-+-'), ...cells.map(line)].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`explain failed: ${error instanceof OneRosterRequestError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
