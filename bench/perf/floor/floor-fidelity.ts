import type { TokenSource } from '../http-client';
import { timedGet, V1P1 } from '../http-client';
import type { OneRosterRecord } from './record-format';

/** Fields the floor cannot know: dates the adapter takes from its snapshot store. */
const STORE_DATED: Record<string, readonly string[]> = { classes: ['dateLastModified'], courses: ['dateLastModified'] };

export interface FloorFidelity {
  readonly collection: string;
  readonly compared: number;
  readonly identical: number;
  /** The first difference found, e.g. `stu-0000042: agents[0].sourcedId: floor "con-1" ≠ adapter "con-2"`. */
  readonly example?: string;
}

/**
 * Whether the floor does the adapter's work: a few of its records, each compared field by field
 * with the adapter's answer to GET /{collection}/{sourcedId} (key order aside).
 */
export async function checkFloorFidelity(url: string, tokens: TokenSource, collection: string, records: readonly OneRosterRecord[], timeoutMs: number): Promise<FloorFidelity> {
  let identical = 0;
  let example: string | undefined;
  for (const record of records) {
    const id = String(record.sourcedId);
    const response = await timedGet(`${url}${V1P1}/${collection}/${encodeURIComponent(id)}`, await tokens.get(), timeoutMs);
    let served: OneRosterRecord | undefined;
    if (response.status === 200) {
      const body = JSON.parse(response.body.toString('utf8')) as Record<string, OneRosterRecord>;
      served = body[Object.keys(body).find((key) => key !== 'statusInfoSet')!];
    }
    const ignored = STORE_DATED[collection] ?? [];
    const difference = served
      ? firstDifference(omit(record, ignored), omit(served, ignored), '')
      : `GET ${collection}/${id} → ${response.status}`;
    if (difference === undefined) identical += 1;
    else example ??= `${id}: ${difference}`;
  }
  return { collection, compared: records.length, identical, example };
}

function omit(record: OneRosterRecord, fields: readonly string[]): OneRosterRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)));
}

function firstDifference(floor: unknown, adapter: unknown, path: string): string | undefined {
  if (typeof floor !== 'object' || floor === null || typeof adapter !== 'object' || adapter === null) {
    return floor === adapter ? undefined : `${path || 'value'}: floor ${JSON.stringify(floor)} ≠ adapter ${JSON.stringify(adapter)}`;
  }
  if (Array.isArray(floor) !== Array.isArray(adapter)) return `${path}: floor ${JSON.stringify(floor)} ≠ adapter ${JSON.stringify(adapter)}`;
  const keys = new Set([...Object.keys(floor), ...Object.keys(adapter)]);
  for (const key of [...keys].sort()) {
    const inner = firstDifference((floor as Record<string, unknown>)[key], (adapter as Record<string, unknown>)[key], Array.isArray(floor) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (inner) return inner;
  }
  return undefined;
}
