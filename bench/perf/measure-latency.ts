import type { ClientCredentials } from '../support/token';
import { TokenSource, timedGet, V1P1 } from './http-client';

/** The collection's size as its first page reports it (X-Total-Count), from a one-record page. */
export async function collectionTotal(url: string, tokens: TokenSource, collection: string, timeoutMs: number): Promise<number> {
  const response = await timedGet(`${url}${V1P1}/${collection}?limit=1`, await tokens.get(), timeoutMs);
  if (response.status !== 200 || response.totalCount === undefined || Number.isNaN(response.totalCount)) {
    throw new Error(`GET ${V1P1}/${collection}?limit=1 → ${response.status} without a usable X-Total-Count`);
  }
  return response.totalCount;
}

/** Where a walk with `limit` ends: the offset of its final (short) page. */
export const finalPageOffset = (total: number, limit: number): number => Math.floor(total / limit) * limit;

async function timedPage(url: string, token: string, collection: string, limit: number, offset: number, timeoutMs: number): Promise<number> {
  const path = `${V1P1}/${collection}?limit=${limit}&offset=${offset}`;
  const response = await timedGet(`${url}${path}`, token, timeoutMs);
  if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${response.body.toString('utf8').slice(0, 200)}`);
  return response.ms;
}

/** The first page, `times` times in a row. */
export async function firstPageTimes(url: string, tokens: TokenSource, collection: string, limit: number, timeoutMs: number, times = 3): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) samples.push(await timedPage(url, await tokens.get(), collection, limit, 0, timeoutMs));
  return samples;
}

/**
 * The final page requested cold: a client with a new token jumping straight to that offset, no
 * page before it. Run before any walk of the collection, so nothing the adapter may remember of
 * an earlier walk serves it.
 */
export async function coldFinalPageTimes(url: string, credentials: ClientCredentials, collection: string, limit: number, offset: number, timeoutMs: number, times = 3): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) samples.push(await timedPage(url, await new TokenSource(url, credentials).get(), collection, limit, offset, timeoutMs));
  return samples;
}

/**
 * The final page as a walk reaches it: the walk's own sample plus `times - 1` more, each right
 * after the page before it (the continuation a walking client makes).
 */
export async function walkedFinalPageTimes(url: string, tokens: TokenSource, collection: string, limit: number, offset: number, walkSample: number, timeoutMs: number, times = 3): Promise<number[]> {
  const samples = [walkSample];
  for (let index = 1; index < times; index += 1) {
    const token = await tokens.get();
    if (offset >= limit) await timedPage(url, token, collection, limit, offset - limit, timeoutMs);
    samples.push(await timedPage(url, token, collection, limit, offset, timeoutMs));
  }
  return samples;
}

