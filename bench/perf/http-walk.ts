import { IdChecksum } from './id-checksum';
import type { TokenSource } from './http-client';
import { collectionRecords, errorCode, timedGet, V1P1 } from './http-client';

export interface HttpWalk {
  readonly collection: string;
  readonly records: number;
  readonly pages: number;
  /** Sum of the page requests' times (sent to last byte): what the client waited for. */
  readonly ms: number;
  readonly bytes: number;
  readonly checksum: string;
  /** X-Total-Count of the first page. */
  readonly totalCount?: number;
  /** The final page: its offset, record count and time. */
  readonly lastPage: { offset: number; records: number; ms: number };
  /** A few sourcedIds from across the collection, for single-object requests later. */
  readonly sampleIds: string[];
  readonly errors: string[];
}

export interface WalkOptions {
  readonly limit: number;
  /** Extra query parameters, e.g. a URL-encoded filter. */
  readonly query?: string;
  readonly timeoutMs: number;
  /** Keep every n-th sourcedId as a sample. */
  readonly sampleEvery?: number;
}

/**
 * An SDS-style pull of one collection: `limit` and consecutive offsets until a page comes back
 * short. Every page must be a 200 with the collection's array; the records walked must add up to
 * the first page's X-Total-Count.
 */
export async function walkHttp(url: string, tokens: TokenSource, collection: string, options: WalkOptions): Promise<HttpWalk> {
  const checksum = new IdChecksum();
  const errors: string[] = [];
  const sampleIds: string[] = [];
  let records = 0;
  let pages = 0;
  let ms = 0;
  let bytes = 0;
  let totalCount: number | undefined;
  let lastPage = { offset: 0, records: 0, ms: 0 };
  for (let offset = 0; ; offset += options.limit) {
    const path = `${V1P1}/${collection}?limit=${options.limit}&offset=${offset}${options.query ? `&${options.query}` : ''}`;
    let response;
    try {
      response = await timedGet(`${url}${path}`, await tokens.get(), options.timeoutMs);
    } catch (error) {
      errors.push(`GET ${path}: ${(error as Error).message}${errorCode(error) ? ` (${errorCode(error)})` : ''}`);
      break;
    }
    pages += 1;
    ms += response.ms;
    bytes += response.bytes;
    if (response.status !== 200) {
      errors.push(`GET ${path} → ${response.status} ${response.body.toString('utf8').slice(0, 200)}`);
      break;
    }
    const page = collectionRecords(response.body, collection);
    if (typeof page === 'string') {
      errors.push(`GET ${path}: ${page}`);
      break;
    }
    if (offset === 0) totalCount = response.totalCount;
    for (const record of page) {
      const id = String(record.sourcedId);
      checksum.add(id);
      if (options.sampleEvery && records % options.sampleEvery === 0) sampleIds.push(id);
      records += 1;
    }
    lastPage = { offset, records: page.length, ms: response.ms };
    if (page.length < options.limit) break;
  }
  if (errors.length === 0 && totalCount !== undefined && totalCount !== records) {
    errors.push(`${collection}: walked ${records} records, X-Total-Count said ${totalCount}`);
  }
  return { collection, records, pages, ms, bytes, checksum: checksum.value(), totalCount, lastPage, sampleIds, errors };
}
