import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

export const DEFAULT_CONFIG_FILE = 'config/default.yaml';

/** Environment variables that override single settings; documented in the README. */
const ENV_OVERRIDES: Array<{ variable: string; path: string[]; type: OverrideType }> = [
  { variable: 'PORT', path: ['server', 'port'], type: 'int' },
  { variable: 'ONEROSTER_PUBLIC_URL', path: ['server', 'publicUrl'], type: 'string' },
  { variable: 'ONEROSTER_TRUST_PROXY', path: ['server', 'trustProxy'], type: 'hops' },
  { variable: 'ONEROSTER_SOURCE_URL', path: ['source', 'url'], type: 'string' },
  { variable: 'ONEROSTER_SOURCE_TIMEZONE', path: ['source', 'timezone'], type: 'string' },
  { variable: 'ONEROSTER_POOL_MAX', path: ['source', 'poolMax'], type: 'int' },
  { variable: 'ONEROSTER_QUERY_TIMEOUT_MS', path: ['source', 'queryTimeoutMs'], type: 'int' },
  { variable: 'ONEROSTER_MAPPINGS', path: ['mappings'], type: 'string' },
  { variable: 'ONEROSTER_MAX_LIMIT', path: ['api', 'maxLimit'], type: 'int' },
  { variable: 'ONEROSTER_DEMO_FILE', path: ['demo', 'file'], type: 'string' },
  { variable: 'ONEROSTER_TRACKING_STORE', path: ['tracking', 'store'], type: 'string' },
  { variable: 'ONEROSTER_TRACKING_INTERVAL_MINUTES', path: ['tracking', 'intervalMinutes'], type: 'int' },
  { variable: 'LOG_LEVEL', path: ['logging', 'level'], type: 'string' },
  { variable: 'LOG_FORMAT', path: ['logging', 'format'], type: 'string' },
  { variable: 'ONEROSTER_METRICS_ENABLED', path: ['metrics', 'enabled'], type: 'boolean' },
  // A secret: the setting becomes a reference to the variable, so the value never enters the configuration.
  { variable: 'ONEROSTER_METRICS_TOKEN', path: ['metrics', 'token'], type: 'secret' },
];

/** `secret`: the setting is `{ env: <variable> }` (read where it is used), not the variable's value. */
type OverrideType = 'string' | 'int' | 'boolean' | 'hops' | 'secret';

/**
 * Reads the config file (ONEROSTER_CONFIG, else config/default.yaml), applies environment
 * overrides and validates the result. Every problem is reported at once, by setting name.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const file = resolve(cwd, env.ONEROSTER_CONFIG ?? DEFAULT_CONFIG_FILE);
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      raw = (parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>) ?? {};
    } catch (error) {
      throw new ConfigError([`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`]);
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError([`${file}: expected a mapping of settings at the top level`]);
  } else if (env.ONEROSTER_CONFIG) {
    throw new ConfigError([`ONEROSTER_CONFIG: file ${file} does not exist`]);
  }

  for (const override of ENV_OVERRIDES) {
    const text = env[override.variable];
    if (text === undefined || text === '') continue;
    const value = override.type === 'secret' ? { env: override.variable } : convert(text, override.type);
    if (value === undefined) problems.push(`${override.variable}: expected ${override.type === 'int' ? 'a whole number' : override.type === 'hops' ? 'true, false or a number of proxy hops' : 'true or false'}`);
    else setPath(raw, override.path, value);
  }

  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true });
  problems.push(...flatten(errors));
  problems.push(...checkClients(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function checkClients(config: AppConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  config.clients.forEach((client, index) => {
    if (!client.secretHash === !client.secret) problems.push(`clients.${index} (${client.id}): give exactly one of secretHash or secret.env`);
    if (seen.has(client.id)) problems.push(`clients.${index}: duplicate client id ${client.id}`);
    seen.add(client.id);
  });
  return problems;
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator messages start with the property name; keep the full path instead, never the value.
      `${path}: ${message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function convert(text: string, type: 'string' | 'int' | 'boolean' | 'hops'): unknown {
  if (type === 'string') return text;
  if (type === 'hops' && /^\d+$/.test(text) && text !== '0' && text !== '1') return Number(text);
  // A bare 1 reads as one hop rather than true: it is the safe meaning behind a single proxy.
  if (type === 'hops' && text === '1') return 1;
  if (type === 'int') return /^\d+$/.test(text) ? Number(text) : undefined;
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  return undefined;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
