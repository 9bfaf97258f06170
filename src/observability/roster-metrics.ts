import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { OneRosterVersionId } from '../oneroster/versions';

/** Records served per response, for the response's access log line. */
const servedBy = new WeakMap<object, number>();

/** The records a response served (undefined for a response that served none: a token, an error). */
export function recordsServedBy(response: object): number | undefined {
  return servedBy.get(response);
}

/** `oneroster_records_served_total{version, entity}`: OneRoster records sent to clients. */
@Injectable()
export class RosterMetrics {
  private readonly served: Counter<'version' | 'entity'>;

  constructor(registry: Registry) {
    this.served = new Counter({ name: 'oneroster_records_served_total', help: 'OneRoster records sent to clients, by version and entity', labelNames: ['version', 'entity'], registers: [registry] });
  }

  /** Counts `count` records of `entity` served in `version` by `response` (also shown on its access log line). */
  recordsServed(response: object, version: OneRosterVersionId, entity: EntityName, count: number): void {
    this.served.inc({ version, entity }, count);
    servedBy.set(response, (servedBy.get(response) ?? 0) + count);
  }
}
