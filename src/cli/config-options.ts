import type { Command } from 'commander';
import type { AppConfig } from '../config/app-config';

/** The options every command that reads the configured source accepts. */
export interface ConfigOptions {
  config?: string;
  source?: string;
  mappings?: string;
}

/**
 * Adds --config, --source and --mappings: the same settings as ONEROSTER_CONFIG,
 * ONEROSTER_SOURCE_URL and ONEROSTER_MAPPINGS, which they override for this run, so an integrator
 * can check a draft mapping folder against another database without exporting variables.
 */
export function withConfigOptions(command: Command): Command {
  return command
    .option('--config <file>', 'configuration file (default: $ONEROSTER_CONFIG, else config/default.yaml)')
    .option('--source <url>', 'source database URL (default: $ONEROSTER_SOURCE_URL, else the demo SQLite); only ever read')
    .option('--mappings <dir>', 'mapping folder (default: $ONEROSTER_MAPPINGS, else mappings/demo)');
}

/** The validated configuration, with the command line's settings over the environment's. */
export function configFromOptions(options: ConfigOptions, env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Required here, not imported at the top: the validators take a quarter of a second to load,
  // which every `--help` and every command without configuration would otherwise pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../config/load-config') as typeof import('../config/load-config');
  return loadConfig({
    ...env,
    ...(options.config !== undefined ? { ONEROSTER_CONFIG: options.config } : {}),
    ...(options.source !== undefined ? { ONEROSTER_SOURCE_URL: options.source } : {}),
    ...(options.mappings !== undefined ? { ONEROSTER_MAPPINGS: options.mappings } : {}),
  });
}
