import 'reflect-metadata';
import { startServer } from './bootstrap';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { installGracefulShutdown } from './http/graceful-shutdown';
import { MappingError } from './mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from './mapping/diagnostics/render-diagnostics';
import { V1P1, V1P2 } from './oneroster/versions';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = await startServer(config, { log });
  installGracefulShutdown(server, { log });
  const base = config.server.publicUrl?.replace(/\/+$/, '') ?? server.url;
  log('');
  log(`OneRoster 1.1 API  ${base}${V1P1.basePath}`);
  log(`OneRoster 1.2 API  ${base}${V1P2.basePath}`);
  log(`API docs           ${base}/docs`);
  log(`Token URL          ${base}/oauth/token`);
  log(`Source             ${server.source.connection.display}`);
  log(`Mappings           ${config.mappings} (${[...server.mapping.entities.keys()].join(', ')})`);
  if (server.usesDemo && config.clients.some((client) => client.id === 'demo-client')) {
    log('Demo client        id: demo-client   secret: demo-secret   (demo credential; remove it from config/ before serving real data)');
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof MappingError) process.stderr.write(`${renderDiagnostics(error.diagnostics)}\n`);
  else process.stderr.write(`startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
