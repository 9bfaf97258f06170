import type { Command } from 'commander';
import { V1P1, V1P2 } from '../../oneroster/versions';
import { configFromOptions, ConfigOptions, withConfigOptions } from '../config-options';
import { colours } from '../output';

export function registerServe(program: Command): void {
  withConfigOptions(
    program
      .command('serve')
      .description('Start the OneRoster API server (what npm start and the container run)')
      .addHelpText('after', '\nThe port is $PORT (default 3000). Every setting: config/default.yaml and the README\'s "Configuration" section.'),
  ).action(serve);
}

/** Starts the server and prints where everything is; the returned promise never settles (the server runs until a signal). */
async function serve(options: ConfigOptions): Promise<never> {
  const config = configFromOptions(options);
  // Loaded here, not at the top: Nest takes a while to load and the other commands do not need it.
  const { startServer } = await import('../../bootstrap');
  const { installGracefulShutdown } = await import('../../http/graceful-shutdown');
  const { startupLog } = await import('../../observability/startup-log');
  // Start-up and shutdown lines are structured log lines; on a terminal, stderr shows them as written too.
  const server = await startServer(config);
  const log = startupLog(server.logger);
  installGracefulShutdown(server, { log });
  const c = colours(process.stderr);
  const base = config.server.publicUrl?.replace(/\/+$/, '') ?? server.url;
  const line = (label: string, value: string) => log(`${c.bold(label.padEnd(19))}${value}`);
  log('');
  line('OneRoster 1.1 API', c.cyan(`${base}${V1P1.basePath}`));
  line('OneRoster 1.2 API', c.cyan(`${base}${V1P2.basePath}`));
  line('API docs', c.cyan(`${base}/docs`));
  line('Token URL', c.cyan(`${base}/oauth/token`));
  line('Source', server.source.connection.display);
  line('Mappings', `${config.mappings} (${[...server.mapping.entities.keys()].join(', ')})`);
  if (server.usesDemo && config.clients.some((client) => client.id === 'demo-client')) {
    line('Demo client', `id: demo-client   secret: demo-secret   ${c.yellow('(demo credential; remove it from config/ before serving real data)')}`);
  }
  // Graceful shutdown ends the process; until then the command is running.
  return new Promise<never>(() => undefined);
}
