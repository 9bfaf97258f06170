import { DEMO_CLIENT } from './test-server';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A small HTTP client for tests: real tokens from the real token endpoint, real requests. */
export class OneRosterClient {
  private token?: string;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: { id: string; secret: string } = DEMO_CLIENT,
    /** The service root: 1.1's by default, `/ims/oneroster/rostering/v1p2` for 1.2. */
    readonly basePath = '/ims/oneroster/v1p1',
  ) {}

  async accessToken(): Promise<string> {
    if (!this.token) {
      const response = await fetch(`${this.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${this.credentials.id}:${this.credentials.secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
      this.token = ((await response.json()) as { access_token: string }).access_token;
    }
    return this.token;
  }

  /** GET `<base><basePath>/<path>` with query parameters encoded as a browser would. */
  async get<T = Record<string, unknown>>(path: string, query: Record<string, string | number> = {}, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const url = new URL(`${this.baseUrl}${this.basePath}/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.append(key, String(value));
    return this.raw<T>(url.toString(), { Authorization: `Bearer ${await this.accessToken()}`, ...headers });
  }

  async raw<T>(url: string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<ApiResponse<T>> {
    const response = await fetch(url, { ...init, headers });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = { unparsable: text };
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  /** Every record of a collection, walking pages of `limit` the way SDS does. */
  async walk(entity: string, query: Record<string, string | number> = {}, limit = 500): Promise<Array<Record<string, unknown>>> {
    const all: Array<Record<string, unknown>> = [];
    for (let offset = 0; ; offset += limit) {
      const page = await this.get<Record<string, Array<Record<string, unknown>>>>(entity, { ...query, limit, offset });
      if (page.status !== 200) throw new Error(`walk ${entity} failed: ${page.status} ${JSON.stringify(page.body)}`);
      const key = Object.keys(page.body).find((name) => name !== 'statusInfoSet')!;
      all.push(...page.body[key]);
      if (offset + limit >= Number(page.headers.get('x-total-count'))) return all;
    }
  }
}
