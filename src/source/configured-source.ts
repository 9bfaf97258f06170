import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { ensureDemoDatabase } from '../demo/demo-database';
import { parseConnectionUrl, SourceConnection } from './connection-url';
import { SourceDatabase } from './source-database';

/** The source the configuration names: ONEROSTER_SOURCE_URL, or the embedded demo SQLite file. */
export function configuredConnection(config: AppConfig): { connection: SourceConnection; usesDemo: boolean } {
  if (config.source.url) return { connection: parseConnectionUrl(config.source.url), usesDemo: false };
  const filename = resolve(config.demo.file);
  return { connection: { client: 'better-sqlite3', connection: { filename }, display: `sqlite:${filename} (embedded demo)` }, usesDemo: true };
}

/**
 * Opens the configured source the way the server, `explain` and `mappings:check` all need it:
 * the demo database is generated first when it is the source, and the pool, timeouts and time
 * zone come from the configuration (the pool size may be overridden by one-shot tools).
 */
export async function openConfiguredSource(config: AppConfig, options: { poolMax?: number; log?: (line: string) => void } = {}): Promise<SourceDatabase> {
  const { connection, usesDemo } = configuredConnection(config);
  if (usesDemo) await ensureDemoDatabase(config.demo.file, { students: config.demo.students, log: options.log });
  return new SourceDatabase(connection, {
    poolMax: options.poolMax ?? config.source.poolMax,
    connectTimeoutMs: config.source.connectTimeoutMs,
    queryTimeoutMs: config.source.queryTimeoutMs,
    timeZone: config.source.timezone,
  });
}
