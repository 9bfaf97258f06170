import { IdChecksum } from '../id-checksum';
import type { FloorCollection, KeyValues } from './floor-collection';
import type { FloorConnection } from './floor-connection';
import type { FloorContext, OneRosterRecord } from './record-format';

export interface FloorWalk {
  readonly collection: string;
  readonly records: number;
  readonly pages: number;
  /** Queries, building the records and JSON.stringify, summed over the pages. */
  readonly ms: number;
  readonly bytes: number;
  readonly checksum: string;
}

/**
 * The floor: every page of `limit` records the raw driver can produce, serialised as the API's
 * envelope with JSON.stringify, no HTTP. Sources follow one another, a page running on into the
 * next source when one ends mid-page, and the walk stops at the first short page, as a client
 * walking the API does: the same pages, the same count.
 */
export async function walkFloor(
  connection: FloorConnection,
  collection: FloorCollection,
  context: FloorContext,
  limit: number,
  onPage?: (records: readonly OneRosterRecord[]) => void,
): Promise<FloorWalk> {
  const checksum = new IdChecksum();
  let source = 0;
  let after: KeyValues | undefined;
  let records = 0;
  let pages = 0;
  let ms = 0;
  let bytes = 0;
  for (;;) {
    const started = performance.now();
    const page: OneRosterRecord[] = [];
    while (page.length < limit && source < collection.sources.length) {
      const wanted = limit - page.length;
      const next = await collection.sources[source].page(connection, context, after, wanted);
      page.push(...next.records);
      if (next.records.length < wanted) {
        source += 1;
        after = undefined;
      } else {
        after = next.last;
      }
    }
    const body = JSON.stringify({ [collection.name]: page });
    ms += performance.now() - started;
    pages += 1;
    records += page.length;
    bytes += Buffer.byteLength(body);
    for (const record of page) checksum.add(String(record.sourcedId));
    onPage?.(page);
    if (page.length < limit) break;
  }
  return { collection: collection.name, records, pages, ms, bytes, checksum: checksum.value() };
}
