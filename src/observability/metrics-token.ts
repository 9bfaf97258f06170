import { createHash, timingSafeEqual } from 'node:crypto';
import type { MetricsConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { Redacted } from '../config/redacted';

/** Long enough that guessing it over HTTP is hopeless. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

/**
 * The bearer token /metrics wants, read from the environment variable `metrics.token.env` names
 * (ONEROSTER_METRICS_TOKEN sets that up); undefined when none is configured. A configured but
 * unset or short variable stops the start, naming the variable, never its value.
 */
export function resolveMetricsToken(metrics: MetricsConfig, env: NodeJS.ProcessEnv = process.env): Redacted | undefined {
  if (!metrics.token) return undefined;
  const variable = metrics.token.env;
  const value = env[variable];
  if (value === undefined || value === '') throw new ConfigError([`metrics.token: environment variable ${variable} is not set`]);
  if (value.length < MIN_METRICS_TOKEN_LENGTH) throw new ConfigError([`metrics.token: the value of ${variable} must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`]);
  return new Redacted(value);
}

/** Whether an Authorization header is `Bearer <token>`, compared in constant time. */
export function presentsMetricsToken(authorization: string | undefined, token: Redacted): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Digests first: equal lengths for timingSafeEqual, and no early exit on a length mismatch.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token.reveal()));
}
