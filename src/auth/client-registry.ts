import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, AuthMethod, ClientConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { Redacted } from '../config/redacted';
import { verifySecret } from '../config/secret-hash';
import { PROCESS_ENV } from './process-env';
import { expandScope, OneRosterScope } from './scopes';

/** A configured API client, without its credential. */
export interface RegisteredClient {
  readonly id: string;
  /** Full scope URIs the client may be granted. */
  readonly allowedScopes: readonly OneRosterScope[];
}

/** What OAuth 1.0a verification needs about a consumer key. */
export type OAuth1Consumer =
  | { readonly status: 'ok'; readonly client: RegisteredClient; readonly secret: Redacted }
  | { readonly status: 'unknown' }
  | { readonly status: 'not-enabled' };

interface ClientEntry {
  readonly client: RegisteredClient;
  readonly authMethods: ReadonlySet<AuthMethod>;
  readonly secretHash?: string;
  readonly secret?: Redacted;
}

/**
 * The configured clients and their credential check. Every authentication attempt costs one scrypt
 * verification whether the id is unknown, hashed or env-referenced, so response time reveals
 * neither which ids exist nor how their secret is stored.
 */
@Injectable()
export class ClientRegistry {
  private readonly entries = new Map<string, ClientEntry>();
  // Random salt and digest in the real format and cost: verifying against it costs the same as a
  // real check and can never succeed.
  private readonly dummyHash = `scrypt$16384$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;

  constructor(config: AppConfig, @Optional() @Inject(PROCESS_ENV) env: NodeJS.ProcessEnv = process.env) {
    const problems: string[] = [];
    config.clients.forEach((client, index) => {
      const entry = toEntry(client, env);
      if (typeof entry === 'string') problems.push(`clients.${index} (${client.id}): ${entry}`);
      else this.entries.set(client.id, entry);
    });
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /** The client, when `secret` is its secret; otherwise null (unknown id and wrong secret look alike). */
  async authenticate(clientId: string, secret: string): Promise<RegisteredClient | null> {
    const entry = this.entries.get(clientId);
    if (entry?.secretHash) return (await verifySecret(secret, entry.secretHash)) && entry.authMethods.has('oauth2') ? entry.client : null;
    await verifySecret(secret, this.dummyHash);
    if (entry?.secret && digestsEqual(secret, entry.secret.reveal()) && entry.authMethods.has('oauth2')) return entry.client;
    return null;
  }

  /** True for a configured client id (for log lines, which must not echo unknown ids: they may be mistyped secrets). */
  isRegistered(clientId: string): boolean {
    return this.entries.has(clientId);
  }

  /** The client and plain secret behind an OAuth 1.0a consumer key, when it enables `oauth1`. */
  oauth1Consumer(consumerKey: string): OAuth1Consumer {
    const entry = this.entries.get(consumerKey);
    if (!entry) return { status: 'unknown' };
    if (!entry.authMethods.has('oauth1') || !entry.secret) return { status: 'not-enabled' };
    return { status: 'ok', client: entry.client, secret: entry.secret };
  }
}

function toEntry(client: ClientConfig, env: NodeJS.ProcessEnv): ClientEntry | string {
  const registered: RegisteredClient = { id: client.id, allowedScopes: client.scopes.flatMap(expandScope) as OneRosterScope[] };
  const authMethods = new Set<AuthMethod>(client.authMethods ?? ['oauth2']);
  if (client.secretHash) {
    if (authMethods.has('oauth1')) return 'authMethods includes oauth1, which needs the plain secret to check signatures: give secret: { env: NAME } instead of secretHash';
    return { client: registered, authMethods, secretHash: client.secretHash };
  }
  if (!client.secret) return 'give exactly one of secretHash or secret.env';
  const value = env[client.secret.env];
  if (value === undefined || value === '') return `environment variable ${client.secret.env} (secret.env) is not set`;
  return { client: registered, authMethods, secret: new Redacted(value) };
}

/** Hashing first gives equal-length inputs, which timingSafeEqual requires, without leaking the length. */
function digestsEqual(presented: string, expected: string): boolean {
  const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(sha256(presented), sha256(expected));
}
