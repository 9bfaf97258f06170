import knex, { Knex } from 'knex';
import { parseCollectionQuery } from '../api/collection-query';
import type { AppConfig } from '../config/app-config';
import { parseFilter } from '../filter';
import { compileMappings } from '../mapping/compile-mappings';
import type { EntityName } from '../oneroster/entity-catalogue';
import { V1P1 } from '../oneroster/versions';
import { buildCollectionQueries, toNativeSql } from '../query/build-collection-query';
import { buildKeyedPageQueries } from '../query/keyed-page-query';
import type { ExpressionContext } from '../query/expression-sql';
import type { CompiledMapping, EntityMapping } from '../mapping/compiled-mapping';
import type { CollectionRequest } from '../query/collection-request';
import { DIALECTS } from '../query/dialects/dialect-registry';
import type { DialectName } from '../query/dialects/sql-dialect';
import { openConfiguredSource } from '../source/configured-source';
import type { SourceDatabase } from '../source/source-database';

/** What `explain` shows: the SQL of a request and, when connected, the database's plan for it. */
export interface Explanation {
  readonly entity: EntityName;
  readonly dialect: DialectName;
  /** The source's display form (no password); absent when only the SQL of another dialect was printed. */
  readonly source?: string;
  /**
   * Empty when the filter rules out every source: the answer is an empty page, no query runs.
   * Over the UNION (an explicit sort): `page` and `count`. In the keyed default order: one
   * `page of <source>` per source the request can match, as the page at the request's offset
   * (a walk's next page seeks past the last key instead), and `count` per source.
   */
  readonly queries: ReadonlyArray<{ readonly title: string; readonly sql: string; readonly bindings: readonly unknown[] }>;
  /** The database's plan of the (first) page query, as text. */
  readonly plan?: string;
  /** Plans of every page query, by title, when there is more than one. */
  readonly plans?: Readonly<Record<string, string>>;
}

export interface ExplainTarget {
  readonly entity: EntityName;
  /** A single record's sourcedId (`users/u1`), else the collection. */
  readonly sourcedId?: string;
  /** The collection's query string: `filter=…&sort=…&limit=…`. */
  readonly query: string;
  /** Only print this dialect's SQL, without connecting. */
  readonly dialect?: DialectName;
}

/**
 * `oneroster-adapter explain`: the SQL the adapter sends for a OneRoster request and, connected to
 * the configured source, the database's plan for it, so an integrator can see whether an index
 * serves a filter. A malformed filter, sort or limit throws the API's OneRosterRequestError.
 */
export async function explainRequest(config: AppConfig, target: ExplainTarget): Promise<Explanation> {
  const compiled = compileMappings(config.mappings);
  const mapping = compiled.entities.get(target.entity);
  if (!mapping) throw new Error(`the mapping folder ${config.mappings} has no ${target.entity} file`);
  const request: CollectionRequest = target.sourcedId
    ? { entity: target.entity, filter: parseFilter(`sourcedId='${target.sourcedId.replace(/'/g, "''")}'`), limit: 1, offset: 0 }
    : parseCollectionQuery(V1P1, target.entity, Object.fromEntries(new URLSearchParams(target.query)), config.api).request;

  if (target.dialect) {
    const dialect = DIALECTS[target.dialect];
    const db = knex({ client: dialect.knexClient, useNullAsDefault: true });
    try {
      const queries = requestQueries(db, compiled, mapping, request, { dialect, timeZone: config.source.timezone });
      return { entity: target.entity, dialect: dialect.name, queries: queries.map(({ title, query }) => ({ title, ...toNativeSql(query) })) };
    } finally {
      await db.destroy();
    }
  }

  const source = await openConfiguredSource(config, { poolMax: 1 });
  try {
    const queries = requestQueries(source.db, compiled, mapping, request, source.context);
    const pages = queries.filter((query) => query.title !== 'count');
    const plans: Record<string, string> = {};
    for (const page of pages) plans[page.title] = await plan(source, page.query);
    return {
      entity: target.entity,
      dialect: source.dialect.name,
      source: source.connection.display,
      queries: queries.map(({ title, query }) => ({ title, ...toNativeSql(query) })),
      ...(pages.length ? { plan: plans[pages[0].title] } : {}),
      ...(pages.length > 1 ? { plans } : {}),
    };
  } finally {
    await source.close();
  }
}

/** The statements the reader runs for the request: the keyed default order's per-source pages and counts, or the UNION's page and count. */
function requestQueries(db: Knex, compiled: CompiledMapping, mapping: EntityMapping, request: CollectionRequest, context: ExpressionContext): Array<{ title: string; query: Knex.QueryBuilder | Knex.Raw }> {
  const resolve = (entity: EntityName) => compiled.entities.get(entity)!;
  const keyed = buildKeyedPageQueries(db, mapping, request, context, resolve);
  if (keyed) {
    if (!keyed.counts) return [];
    const pages = keyed.sources.map((source) => ({
      title: keyed.sources.length === 1 ? 'page' : `page of ${mapping.sources[source.index].name}`,
      query: source.page({ offset: request.offset }, request.limit),
    }));
    return [...pages, { title: 'count', query: keyed.counts }];
  }
  const queries = buildCollectionQueries(db, mapping, request, context, resolve);
  return queries.page ? [{ title: 'page', query: queries.page }, { title: 'count', query: queries.count! }] : [];
}

/** The human form: SQL comments and statements, ready to paste into a database client. */
export function formatExplanation(explanation: Explanation): string {
  const out: string[] = [];
  if (explanation.source) out.push(`-- source: ${explanation.source}`);
  else out.push(`-- dialect: ${explanation.dialect} (not connected)`);
  if (explanation.queries.length === 0) out.push('-- no query: the filter rules out every source, the answer is an empty page');
  for (const query of explanation.queries) {
    out.push('', `-- ${query.title === 'count' ? 'count (X-Total-Count)' : query.title}`, `${query.sql};`, `-- bindings: ${JSON.stringify(query.bindings)}`);
  }
  if (explanation.plans) for (const [title, plan] of Object.entries(explanation.plans)) out.push('', `-- plan of the ${title} query`, plan);
  else if (explanation.plan !== undefined) out.push('', '-- plan of the page query', explanation.plan);
  return out.join('\n');
}

async function plan(source: SourceDatabase, page: Knex.QueryBuilder | Knex.Raw): Promise<string> {
  const { sql, bindings } = page.toSQL();
  const prefix: Record<DialectName, string | undefined> = { sqlite: 'EXPLAIN QUERY PLAN ', mysql: 'EXPLAIN ', postgres: 'EXPLAIN ', mssql: undefined };
  const explain = prefix[source.dialect.name];
  if (!explain) return '(SQL Server: run the query above in SSMS with "Include Actual Execution Plan")';
  // `/*M! SET STATEMENT … FOR */ SELECT` is explained as `/*M! SET STATEMENT … FOR */ EXPLAIN SELECT`
  // (MariaDB runs the comment's text, MySQL skips it).
  const statement = MARIADB_STATEMENT_SETTINGS.exec(sql);
  const explained = statement ? `${statement[0]}${explain}${sql.slice(statement[0].length)}` : `${explain}${sql}`;
  const rows = await source.rows(source.db.raw(explained, bindings as Knex.RawBinding[]));
  if (source.dialect.name === 'postgres') return rows.map((row) => String(row['QUERY PLAN'])).join('\n');
  if (source.dialect.name === 'sqlite') return rows.map((row) => `${'  '.repeat(Number(row.parent) ? 1 : 0)}${row.detail}`).join('\n');
  return formatTable(rows);
}

const MARIADB_STATEMENT_SETTINGS = /^\/\*M! SET STATEMENT .*? FOR \*\/ /;

function formatTable(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '(empty plan)';
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => (row[column] === null || row[column] === undefined ? 'NULL' : String(row[column]))));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((cell) => cell[index].length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index])).join(' | ');
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('-+-'), ...cells.map(line)].join('\n');
}
