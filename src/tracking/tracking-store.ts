import knex, { Knex } from 'knex';
import { parseConnectionUrl, SourceConnection } from '../source/connection-url';
import { dialectForKnexClient } from '../query/dialects/dialect-registry';
import type { SqlDialect } from '../query/dialects/sql-dialect';
import { formatSourceDateTime, parseSourceDateTime } from '../query/source-time';
import type { EntityName } from '../oneroster/entity-catalogue';

/** The state table: one row per record the snapshot pass has seen. */
export const RECORD_STATE_TABLE = 'or_record_state';
const RUN_TABLE = 'or_snapshot_run';
const LEASE_TABLE = 'or_snapshot_lease';
/** Ids per IN list: well under every server's parameter limit. */
const CHUNK = 500;
/** Rows per INSERT (6 values each: far below SQLite's 32,766 parameters). */
const INSERT_BATCH = 200;

export interface RecordState {
  readonly sourcedId: string;
  readonly contentHash: string | null;
  readonly changedAt: string;
  readonly deletedAt: string | null;
}

export interface PassCounts {
  records: number;
  added: number;
  changed: number;
  deleted: number;
}

/**
 * The adapter-owned change-tracking database (SQLite by default; MySQL/MariaDB/PostgreSQL when
 * several instances share it). Times are stored as `YYYY-MM-DD HH:MM:SS[.SSS]` UTC text, the
 * convention the query engine binds filter instants in, so comparisons in SQL are exact.
 */
export class TrackingStore {
  readonly dialect: SqlDialect;

  private constructor(readonly db: Knex, readonly display: string) {
    this.dialect = dialectForKnexClient(db.client.config.client as SourceConnection['client']);
  }

  static async open(url: string): Promise<TrackingStore> {
    const connection = parseConnectionUrl(url);
    if (connection.client === 'mssql') throw new Error('tracking.store: use sqlite:, mysql://, mariadb:// or postgres:// for the adapter-owned tracking database');
    const db = knex({
      client: connection.client,
      connection: connection.client === 'better-sqlite3' ? { filename: (connection.connection as { filename: string }).filename } : connection.connection,
      pool: { min: 0, max: connection.client === 'better-sqlite3' ? 1 : 4 },
      useNullAsDefault: true,
      log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
    });
    const store = new TrackingStore(db, connection.display);
    await store.ensureSchema();
    return store;
  }

  static timestamp(instant: Date): string {
    return formatSourceDateTime(instant, 'UTC');
  }

  static instant(stored: string): Date {
    return parseSourceDateTime(stored, 'UTC')!;
  }

  private async ensureSchema(): Promise<void> {
    if (this.db.client.config.client === 'better-sqlite3') await this.db.raw('PRAGMA journal_mode = WAL');
    await this.createTableOnce(RECORD_STATE_TABLE, (t) => {
      t.string('entity', 32).notNullable();
      t.string('sourced_id', 255).notNullable();
      t.string('content_hash', 64).nullable();
      t.string('changed_at', 23).notNullable();
      t.string('deleted_at', 23).nullable();
      t.integer('seen_run').notNullable();
      t.primary(['entity', 'sourced_id']);
      t.index(['entity', 'changed_at'], 'or_record_state_changed');
      t.index(['entity', 'deleted_at'], 'or_record_state_deleted');
    });
    await this.createTableOnce(RUN_TABLE, (t) => {
      t.increments('id').primary();
      t.string('entity', 32).notNullable();
      t.string('started_at', 23).notNullable();
      t.string('finished_at', 23).nullable();
      t.integer('records').nullable();
      t.integer('added').nullable();
      t.integer('changed').nullable();
      t.integer('deleted').nullable();
    });
    await this.createTableOnce(LEASE_TABLE, (t) => {
      t.string('entity', 32).primary();
      t.string('holder', 64).notNullable();
      t.bigInteger('expires_at').notNullable();
    });
  }

  /**
   * Creates a table unless it exists. Instances sharing a store start together, so another one
   * may create it between the check and the create: its table is as good as ours.
   */
  private async createTableOnce(name: string, build: (table: Knex.CreateTableBuilder) => void): Promise<void> {
    if (await this.db.schema.hasTable(name)) return;
    try {
      await this.db.schema.createTable(name, build);
    } catch (error) {
      if (!(await this.db.schema.hasTable(name))) throw error;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * Takes (or renews) the right to run a snapshot pass over an entity for `ttlMs`: granted when no
   * one holds it, it expired, or `holder` already has it. The UPDATE's condition is re-checked
   * under the row lock, so of two instances asking at once exactly one gets it.
   */
  async takeLease(entity: EntityName, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.db(LEASE_TABLE).insert({ entity, holder: '', expires_at: 0 }).onConflict('entity').ignore();
    await this.db(LEASE_TABLE)
      .where('entity', entity)
      .andWhere((free) => free.where('holder', holder).orWhere('expires_at', '<', now))
      .update({ holder, expires_at: now + ttlMs });
    // Read back rather than trust the affected-row count, which MySQL reports as 0 for an unchanged row.
    const lease = (await this.db(LEASE_TABLE).where('entity', entity).first('holder')) as { holder: string } | undefined;
    return lease?.holder === holder;
  }

  async releaseLease(entity: EntityName, holder: string): Promise<void> {
    await this.db(LEASE_TABLE).where({ entity, holder }).update({ expires_at: 0 });
  }

  async startRun(entity: EntityName, now: Date): Promise<number> {
    const [row] = await this.db(RUN_TABLE).insert({ entity, started_at: TrackingStore.timestamp(now) }, ['id']);
    return typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
  }

  async finishRun(run: number, counts: PassCounts, now: Date): Promise<void> {
    await this.db(RUN_TABLE).where({ id: run }).update({ finished_at: TrackingStore.timestamp(now), ...counts });
  }

  /** The stored state of these ids (those the store knows). */
  async states(entity: EntityName, ids: readonly string[]): Promise<Map<string, RecordState>> {
    const states = new Map<string, RecordState>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const rows = (await this.db(RECORD_STATE_TABLE)
        .where('entity', entity)
        .whereIn('sourced_id', ids.slice(start, start + CHUNK))
        .select('sourced_id', 'content_hash', 'changed_at', 'deleted_at')) as Array<Record<string, string | null>>;
      for (const row of rows) {
        states.set(String(row.sourced_id), { sourcedId: String(row.sourced_id), contentHash: row.content_hash, changedAt: String(row.changed_at), deletedAt: row.deleted_at });
      }
    }
    return states;
  }

  /**
   * Records one page of the pass: new ids are added, ids whose content hash changed (or that come
   * back after a deletion) get `changedAt`, unchanged ones are only marked as seen by the run.
   */
  async recordPage(entity: EntityName, run: number, page: ReadonlyArray<{ sourcedId: string; hash: string }>, now: Date, counts: PassCounts): Promise<void> {
    const stamp = TrackingStore.timestamp(now);
    const known = await this.states(entity, page.map((record) => record.sourcedId));
    await this.db.transaction(async (trx) => {
      const unchanged: string[] = [];
      const added: Array<Record<string, unknown>> = [];
      for (const record of page) {
        const state = known.get(record.sourcedId);
        if (!state) {
          added.push({ entity, sourced_id: record.sourcedId, content_hash: record.hash, changed_at: stamp, deleted_at: null, seen_run: run });
          counts.added++;
        } else if (state.contentHash === null) {
          // First stamped by a read before any pass saw it: keep that date, learn the content.
          await trx(RECORD_STATE_TABLE).where({ entity, sourced_id: record.sourcedId }).update({ content_hash: record.hash, seen_run: run });
        } else if (state.contentHash !== record.hash || state.deletedAt !== null) {
          await trx(RECORD_STATE_TABLE).where({ entity, sourced_id: record.sourcedId }).update({ content_hash: record.hash, changed_at: stamp, deleted_at: null, seen_run: run });
          counts.changed++;
        } else unchanged.push(record.sourcedId);
      }
      // A first pass over a large district adds every record: in batches, not a statement per row.
      for (let start = 0; start < added.length; start += INSERT_BATCH) await trx(RECORD_STATE_TABLE).insert(added.slice(start, start + INSERT_BATCH));
      for (let start = 0; start < unchanged.length; start += CHUNK) {
        await trx(RECORD_STATE_TABLE).where('entity', entity).whereIn('sourced_id', unchanged.slice(start, start + CHUNK)).update({ seen_run: run });
      }
    });
    counts.records += page.length;
  }

  /** After a complete pass: ids the run did not see have vanished from the SIS; expired stubs go. */
  async markVanished(entity: EntityName, run: number, now: Date, retentionDays: number): Promise<number> {
    const stamp = TrackingStore.timestamp(now);
    const deleted = await this.db(RECORD_STATE_TABLE).where('entity', entity).whereNull('deleted_at').whereNot('seen_run', run).update({ deleted_at: stamp, changed_at: stamp });
    const expired = TrackingStore.timestamp(new Date(now.getTime() - retentionDays * 86_400_000));
    await this.db(RECORD_STATE_TABLE).where('entity', entity).whereNotNull('deleted_at').where('deleted_at', '<', expired).delete();
    return deleted;
  }

  /** Stamps ids served before any pass saw them, so their date stays stable until their content changes. */
  async stampFirstSeen(entity: EntityName, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    const stamp = TrackingStore.timestamp(now);
    const rows = ids.map((id) => ({ entity, sourced_id: id, content_hash: null, changed_at: stamp, deleted_at: null, seen_run: 0 }));
    await this.db(RECORD_STATE_TABLE).insert(rows).onConflict(['entity', 'sourced_id']).ignore();
  }

  /**
   * Ids a read found live although the store has them deleted (they came back since the last
   * pass): live again from now, so a walk does not also end with their stubs.
   */
  async revive(entity: EntityName, ids: readonly string[], now: Date): Promise<void> {
    const stamp = TrackingStore.timestamp(now);
    for (let start = 0; start < ids.length; start += CHUNK) {
      await this.db(RECORD_STATE_TABLE).where('entity', entity).whereIn('sourced_id', ids.slice(start, start + CHUNK)).whereNotNull('deleted_at').update({ deleted_at: null, changed_at: stamp, content_hash: null });
    }
  }

  /** Ids of live records whose changedAt compares to `stamp` with `op` (for deltas on tracked entities), at most `max + 1`. */
  async liveIdsChanged(entity: EntityName, op: '>' | '>=' | '<' | '<=' | '=' | '<>', stamp: string, max: number): Promise<string[]> {
    const rows = (await this.db(RECORD_STATE_TABLE).where('entity', entity).whereNull('deleted_at').where('changed_at', op, stamp).limit(max + 1).select('sourced_id')) as Array<{ sourced_id: string }>;
    return rows.map((row) => String(row.sourced_id));
  }
}
