/** Where token requests are reported, if anywhere (the soak's Recorder fits). */
export interface TokenObserver {
  ok(category: 'token', ms: number, bytes: number): void;
  error(category: 'token', ms: number, what: string): void;
}

export interface ClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/** A token from the real token endpoint; `expiresAt` so long runs can renew before expiry. */
export async function fetchToken(url: string, credentials: ClientCredentials, observer?: TokenObserver): Promise<{ token: string; expiresAt: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const text = await response.text();
  if (response.status !== 200) {
    observer?.error('token', performance.now() - started, `POST /oauth/token → ${response.status}`);
    throw new Error(`token request failed: ${response.status} ${text.slice(0, 200)}`);
  }
  observer?.ok('token', performance.now() - started, text.length);
  const body = JSON.parse(text) as { access_token: string; expires_in: number };
  return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}
