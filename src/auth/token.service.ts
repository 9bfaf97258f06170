import { createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { decode, sign, verify } from 'jsonwebtoken';
import { AppConfig, SigningKeyConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { AuthenticatedClient } from './authenticated-client';
import { PROCESS_ENV } from './process-env';
import { isOneRosterScope } from './scopes';

export const TOKEN_ISSUER = 'oneroster-adapter';
/** Version-bound: a token minted for the 1.1 API must not be accepted by a future 1.2 verifier. */
export const TOKEN_AUDIENCE = 'oneroster-v1p1';
const ALGORITHM = 'HS256';
const MIN_KEY_BYTES = 32;

/** A token that must be refused. The message is for the server log; clients get a generic 401. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly tokenId: string;
  readonly expiresAt: Date;
}

/**
 * Issues and verifies the adapter's bearer tokens: HS256 JWTs with a `kid`, so several keys can
 * verify while only the first signs (rotation without downtime). Tokens are self-contained, so
 * issuing a new one never invalidates earlier ones (Canvas requests one per thread).
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('Auth');
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly signingKeyId: string;
  private readonly lifetimeSeconds: number;

  constructor(config: AppConfig, @Optional() @Inject(PROCESS_ENV) env: NodeJS.ProcessEnv = process.env) {
    this.lifetimeSeconds = config.auth.tokenLifetimeSeconds;
    const configured = config.auth.signingKeys ?? [];
    if (configured.length > 0) {
      this.keys = loadKeys(configured, env);
    } else {
      // A random kid too, so another instance's token fails as "unknown key" rather than as a bad signature.
      this.keys = new Map([[`ephemeral-${randomUUID()}`, createSecretKey(randomBytes(MIN_KEY_BYTES))]]);
      this.logger.warn('auth.signingKeys is not set: using a random per-process signing key; tokens will not survive a restart or be accepted by other instances');
    }
    this.signingKeyId = this.keys.keys().next().value as string;
  }

  issue(clientId: string, scopes: readonly string[]): IssuedToken {
    const tokenId = randomUUID();
    const issuedAt = Math.floor(Date.now() / 1000);
    const accessToken = sign({ scope: scopes.join(' '), iat: issuedAt }, this.keys.get(this.signingKeyId)!, {
      algorithm: ALGORITHM,
      keyid: this.signingKeyId,
      expiresIn: this.lifetimeSeconds,
      audience: TOKEN_AUDIENCE,
      issuer: TOKEN_ISSUER,
      subject: clientId,
      jwtid: tokenId,
    });
    return { accessToken, expiresIn: this.lifetimeSeconds, tokenId, expiresAt: new Date((issuedAt + this.lifetimeSeconds) * 1000) };
  }

  /** The caller the token was issued to, or an InvalidTokenError. */
  verify(token: string): AuthenticatedClient {
    const decoded = decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new InvalidTokenError('not a JWT');
    // Checked before key lookup as well as by verify(): `none` and asymmetric algorithms never reach a key.
    if (decoded.header.alg !== ALGORITHM) throw new InvalidTokenError(`algorithm ${String(decoded.header.alg)} is not accepted`);
    const key = decoded.header.kid === undefined ? undefined : this.keys.get(decoded.header.kid);
    if (!key) throw new InvalidTokenError('unknown signing key id');
    let payload: unknown;
    try {
      payload = verify(token, key, { algorithms: [ALGORITHM], audience: TOKEN_AUDIENCE, issuer: TOKEN_ISSUER });
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    const { sub, scope, jti, exp } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof scope !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
      throw new InvalidTokenError('missing or malformed claims');
    }
    return { clientId: sub, scopes: new Set(scope.split(' ').filter(isOneRosterScope)), tokenId: jti, expiresAt: new Date(exp * 1000) };
  }
}

function loadKeys(configured: readonly SigningKeyConfig[], env: NodeJS.ProcessEnv): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const problems: string[] = [];
  configured.forEach(({ id, secret }, index) => {
    const where = `auth.signingKeys.${index} (${id})`;
    const value = env[secret.env];
    if (keys.has(id)) problems.push(`${where}: duplicate key id`);
    else if (value === undefined || value === '') problems.push(`${where}: environment variable ${secret.env} is not set`);
    else if (Buffer.byteLength(value, 'utf8') < MIN_KEY_BYTES) problems.push(`${where}: the key in ${secret.env} must be at least ${MIN_KEY_BYTES} bytes`);
    else keys.set(id, createSecretKey(Buffer.from(value, 'utf8')));
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}
