import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Gauge, Histogram, Registry } from 'prom-client';
import { SourceDatabase } from '../source/source-database';

/** The tarn pool knex keeps its connections in (`db.client.pool`; undefined once destroyed). */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

interface KnexQueryEvent {
  __knexQueryUid?: string;
}

/** Queries whose end was never reported (a cancelled timeout the driver never answers) are forgotten past this. */
const MAX_PENDING = 10000;

/** From a primary-key lookup to a query that hits `source.queryTimeoutMs` (30 s by default). */
const QUERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * `source_query_duration_seconds{outcome}` from knex's query events (matched by `__knexQueryUid`;
 * the SQL text is never a label), and the source pool's gauges, read from the pool at scrape
 * time. Listens on the SourceDatabase's knex instance without changing it.
 */
@Injectable()
export class SourceMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly started = new Map<string, bigint>();
  private readonly duration: Histogram<'outcome'>;
  private readonly onQuery = (query: KnexQueryEvent) => this.start(query);
  private readonly onResponse = (_response: unknown, query: KnexQueryEvent) => this.end(query, 'ok');
  private readonly onError = (_error: unknown, query: KnexQueryEvent) => this.end(query, 'error');

  constructor(
    private readonly source: SourceDatabase,
    registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'source_query_duration_seconds',
      help: 'Time the source (SIS) database took to answer a query, by outcome (ok or error)',
      labelNames: ['outcome'],
      buckets: QUERY_BUCKETS,
      registers: [registry],
    });
    const pool = () => (this.source.db.client as { pool?: TarnPool }).pool;
    const gauge = (name: string, help: string, read: (pool: TarnPool) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const current = pool();
          this.set(current ? read(current) : 0);
        },
      });
    gauge('source_pool_connections_used', 'Source database connections lent to a query now', (current) => current.numUsed());
    gauge('source_pool_connections_free', 'Open source database connections waiting in the pool', (current) => current.numFree());
    gauge('source_pool_pending_acquires', 'Queries waiting for a source database connection', (current) => current.numPendingAcquires());
    gauge('source_pool_pending_creates', 'Source database connections being opened', (current) => current.numPendingCreates());
    gauge('source_pool_connections_max', 'The source pool size (source.poolMax; 1 for SQLite)', (current) => current.max);
  }

  onModuleInit(): void {
    this.source.db.on('query', this.onQuery).on('query-response', this.onResponse).on('query-error', this.onError);
  }

  onModuleDestroy(): void {
    this.source.db.off('query', this.onQuery).off('query-response', this.onResponse).off('query-error', this.onError);
    this.started.clear();
  }

  private start(query: KnexQueryEvent): void {
    if (!query.__knexQueryUid) return;
    if (this.started.size >= MAX_PENDING) this.started.delete(this.started.keys().next().value!);
    this.started.set(query.__knexQueryUid, process.hrtime.bigint());
  }

  private end(query: KnexQueryEvent, outcome: 'ok' | 'error'): void {
    const uid = query.__knexQueryUid;
    const began = uid === undefined ? undefined : this.started.get(uid);
    if (began === undefined) return;
    this.started.delete(uid!);
    this.duration.observe({ outcome }, Number(process.hrtime.bigint() - began) / 1e9);
  }
}
