import knex, { Knex } from 'knex';
import type { SqlDialect } from '../dialects/sql-dialect';

const clients = new Map<string, Knex>();

/** A knex instance of the dialect's client that never connects: for SQL generation tests. */
export function connectionless(dialect: SqlDialect): Knex {
  if (!clients.has(dialect.name)) clients.set(dialect.name, knex({ client: dialect.knexClient, useNullAsDefault: true }));
  return clients.get(dialect.name)!;
}
