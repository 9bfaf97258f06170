import type { Knex } from 'knex';
import { isAbsolute, resolve } from 'node:path';

/** What the adapter needs to open a source database, derived from ONEROSTER_SOURCE_URL. */
export interface SourceConnection {
  readonly client: 'better-sqlite3' | 'mysql2' | 'pg' | 'mssql';
  readonly connection: Knex.StaticConnectionConfig | Record<string, unknown>;
  /** For messages and logs: the URL with its password replaced. */
  readonly display: string;
}

/**
 * Parses a knex-style connection URL: `sqlite:relative/file.sqlite`, `sqlite:///abs/file`,
 * `mysql://user:pass@host:3306/db` (also `mariadb://`), `postgres://…` (`postgresql://`),
 * `mssql://user:pass@host:1433/db?encrypt=false`. The password never appears in `display`.
 */
export function parseConnectionUrl(url: string, cwd = process.cwd()): SourceConnection {
  const scheme = /^([a-z0-9+]+):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'file') {
    const path = url.replace(/^[a-z]+:(\/\/)?/i, '');
    const filename = isAbsolute(path) ? path : resolve(cwd, path);
    return { client: 'better-sqlite3', connection: { filename }, display: `sqlite:${filename}` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('ONEROSTER_SOURCE_URL: not a valid URL (expected e.g. mysql://user:password@host:3306/database)');
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const host = parsed.hostname;
  const port = parsed.port ? Number(parsed.port) : undefined;
  const display = `${parsed.protocol}//${user ? `${user}${password ? ':***' : ''}@` : ''}${parsed.host}/${database}`;
  if (!database) throw new Error('ONEROSTER_SOURCE_URL: the URL must name a database, e.g. …/sis');
  const params = Object.fromEntries(parsed.searchParams.entries());
  switch (scheme) {
    case 'mysql':
    case 'mariadb':
      return { client: 'mysql2', connection: { host, port: port ?? 3306, user, password, database, ...params }, display };
    case 'postgres':
    case 'postgresql':
      return { client: 'pg', connection: { host, port: port ?? 5432, user, password, database, ...params }, display };
    case 'mssql':
    case 'sqlserver':
      return {
        client: 'mssql',
        connection: {
          server: host,
          port: port ?? 1433,
          user,
          password,
          database,
          options: { encrypt: params.encrypt !== 'false', trustServerCertificate: params.trustServerCertificate === 'true', readOnlyIntent: true },
        },
        display,
      };
    default:
      throw new Error(`ONEROSTER_SOURCE_URL: unsupported scheme "${scheme ?? ''}" (use sqlite:, mysql://, mariadb://, postgres:// or mssql://)`);
  }
}
