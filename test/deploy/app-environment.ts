import { isDeepStrictEqual } from 'node:util';
import { SecretReference } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';

/**
 * Which environment variables the adapter reads, asked of the app itself rather than of a list
 * that could drift: a variable is read by the configuration when setting it changes what
 * `loadConfig` returns or makes it refuse the configuration; secrets are read where the config
 * names them (`{ env: NAME }`: signing keys, client secrets, the metrics token).
 */
export function configReadsVariable(variable: string, env: NodeJS.ProcessEnv, cwd: string): boolean {
  const without = { ...env };
  delete without[variable];
  const before = outcome(() => loadConfig(without, cwd));
  // Not a value any setting has by default, and invalid for numbers and booleans: either it lands
  // in the configuration or the configuration is refused.
  const after = outcome(() => loadConfig({ ...without, [variable]: `probe-${variable.toLowerCase()}` }, cwd));
  return !isDeepStrictEqual(before, after);
}

/** The variables a loaded configuration refers to by `{ env: NAME }`, wherever they are. */
export function secretReferences(config: unknown): string[] {
  if (config instanceof SecretReference) return [config.env];
  if (Array.isArray(config)) return config.flatMap(secretReferences);
  if (config && typeof config === 'object') return Object.values(config).flatMap(secretReferences);
  return [];
}

function outcome(load: () => unknown): unknown {
  try {
    return { config: JSON.parse(JSON.stringify(load())) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
