import { Type } from 'class-transformer';
import {
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ClientAccessConfig } from './client-access-config';
import { TrackingConfig } from './tracking-config';
import { ClientRateLimitConfig, FailedTokenAttemptsConfig } from './rate-limit-config';

/**
 * The adapter's configuration, as read from `config/*.yaml` plus environment overrides and
 * validated once at startup. Secrets are never literal here: a client's secret is an scrypt hash
 * or the name of an environment variable; signing keys are environment variables.
 */

/** How a client may authenticate: OAuth 2 bearer tokens (client credentials) and/or OAuth 1.0a request signing. */
export const AUTH_METHODS = ['oauth2', 'oauth1'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Rostering scope names, the same in 1.1 and 1.2; a name in a client's `scopes` allows both versions' URIs. */
export const ROSTERING_SCOPE_NAMES = ['roster-core.readonly', 'roster.readonly', 'roster-demographics.readonly'] as const;
export type ScopeName = (typeof ROSTERING_SCOPE_NAMES)[number];
/** A full scope URI in a client's `scopes` allows that version only. */
export const ROSTERING_SCOPE_URIS = ['v1p1', 'v1p2'].flatMap((version) => ROSTERING_SCOPE_NAMES.map((name) => `https://purl.imsglobal.org/spec/or/${version}/scope/${name}`));

@ValidatorConstraint({ name: 'booleanOrHops' })
class BooleanOrHops implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'boolean' || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10);
  }

  defaultMessage(): string {
    return 'trustProxy must be true, false or a number of proxy hops from 0 to 10';
  }
}

export class ServerConfig {
  @IsInt() @Min(0) @Max(65535)
  port = 3000;

  /** The public base URL (scheme, host, optional prefix) used in `href`s and `Link` headers. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  publicUrl?: string;

  /**
   * Honour X-Forwarded-For/-Proto/-Host (only behind a trusted proxy). A number trusts that many
   * proxy hops from the right of X-Forwarded-For: `1` behind one ingress, which appends the real
   * caller, so a caller cannot forge an address by sending its own X-Forwarded-For (with `true`
   * the leftmost, caller-supplied entry is believed).
   */
  @Validate(BooleanOrHops)
  trustProxy: boolean | number = false;
}

export class SourceConfig {
  /** knex-style connection URL (`sqlite:`, `mysql://`, `postgres://`, `mssql://`); unset = embedded demo. */
  @IsOptional() @IsString()
  url?: string;

  @IsInt() @Min(1) @Max(500)
  poolMax = 10;

  @IsInt() @Min(100)
  connectTimeoutMs = 10000;

  @IsInt() @Min(100)
  queryTimeoutMs = 30000;

  /** IANA zone the SIS writes its DATETIME columns in; OneRoster wants UTC instants. */
  @IsString()
  timezone = 'UTC';
}

export class ApiConfig {
  @IsInt() @Min(1)
  defaultLimit = 100;

  /** A larger `limit` is refused with a 400 that names this maximum, never silently clamped. */
  @IsInt() @Min(1) @Max(100000)
  maxLimit = 10000;
}

export class SecretReference {
  /** Name of an environment variable holding the value. */
  @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'env must be an environment variable name' })
  env: string;
}

export class SigningKeyConfig {
  @IsString() @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'id must be 1-40 letters, digits, dot, dash or underscore' })
  id: string;

  @ValidateNested() @Type(() => SecretReference)
  secret: SecretReference;
}

export class AuthConfig {
  @IsInt() @Min(60) @Max(86400)
  tokenLifetimeSeconds = 3600;

  /** First key signs; every listed key verifies, so a key can be rotated without downtime. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => SigningKeyConfig)
  signingKeys?: SigningKeyConfig[];

  /** Lock-out after failed token requests, per client id and per remote address (see rate-limit-config.ts). */
  @ValidateNested() @Type(() => FailedTokenAttemptsConfig)
  failedTokenAttempts = new FailedTokenAttemptsConfig();
}

export class ClientConfig {
  @IsString() @Matches(/^[A-Za-z0-9._@-]{1,100}$/, { message: 'id must be 1-100 letters, digits or ._@-' })
  id: string;

  /** scrypt hash made with `npm run hash-secret`. */
  @IsOptional() @IsString() @Matches(/^scrypt\$/, { message: 'secretHash must be an scrypt hash made with npm run hash-secret' })
  secretHash?: string;

  @IsOptional() @ValidateNested() @Type(() => SecretReference)
  secret?: SecretReference;

  /** Scope names (both versions) or full scope URIs (that version only). */
  @IsArray() @ArrayNotEmpty() @IsIn([...ROSTERING_SCOPE_NAMES, ...ROSTERING_SCOPE_URIS], { each: true })
  scopes: string[] = [...ROSTERING_SCOPE_NAMES];

  /** Unset: `['oauth2']`. `oauth1` needs the plain secret (`secret: { env }`), as HMAC signatures cannot be checked against a hash. */
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(AUTH_METHODS as unknown as string[], { each: true })
  authMethods?: AuthMethod[];

  /** Requests per minute on the OneRoster routes (unset: unlimited; see rate-limit-config.ts). */
  @IsOptional() @ValidateNested() @Type(() => ClientRateLimitConfig)
  rateLimit?: ClientRateLimitConfig;

  /** Data restrictions beyond scopes: orgs, entities, hidden fields (unset: everything the scopes open). */
  @IsOptional() @ValidateNested() @Type(() => ClientAccessConfig)
  access?: ClientAccessConfig;
}

/** pino's levels; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Structured logs on stdout (see src/observability/). */
export class LoggingConfig {
  @IsIn(LOG_LEVELS as unknown as string[])
  level: LogLevelName = 'info';

  /** `json`: one JSON object per line, for log shippers; `pretty`: one readable line, for a terminal. */
  @IsIn(['json', 'pretty'])
  format: 'json' | 'pretty' = 'json';
}

/** Prometheus metrics at GET /metrics, outside OneRoster authentication and rate limits. */
export class MetricsConfig {
  @IsBoolean()
  enabled = true;

  /** When set, /metrics wants `Authorization: Bearer <the variable's value>`; unset, it is open (firewall it). */
  @IsOptional() @ValidateNested() @Type(() => SecretReference)
  token?: SecretReference;
}

export class DemoConfig {
  @IsString()
  file = 'data/demo.sqlite';

  @IsInt() @Min(10) @Max(2000000)
  students = 1000;
}

export class AppConfig {
  @ValidateNested() @Type(() => ServerConfig)
  server = new ServerConfig();

  @ValidateNested() @Type(() => SourceConfig)
  source = new SourceConfig();

  @IsString()
  mappings = 'mappings/demo';

  @ValidateNested() @Type(() => ApiConfig)
  api = new ApiConfig();

  @ValidateNested() @Type(() => AuthConfig)
  auth = new AuthConfig();

  @IsArray() @ValidateNested({ each: true }) @Type(() => ClientConfig)
  clients: ClientConfig[] = [];

  @ValidateNested() @Type(() => DemoConfig)
  demo = new DemoConfig();

  @ValidateNested() @Type(() => TrackingConfig)
  tracking = new TrackingConfig();

  @ValidateNested() @Type(() => LoggingConfig)
  logging = new LoggingConfig();

  @ValidateNested() @Type(() => MetricsConfig)
  metrics = new MetricsConfig();
}
