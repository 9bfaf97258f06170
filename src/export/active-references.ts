import type { OneRosterRecord } from '../api/record-serializer';
import { parseFilter } from '../filter';
import { ENTITY_CATALOGUE, EntityName, FieldSpec } from '../oneroster/entity-catalogue';
import { RosterPages, walkRoster } from '../tools/roster-walk';
import { csvFileFor } from './csv-binding';

type Reference = { sourcedId?: unknown };

/**
 * A bulk file set holds active records only, and every reference in it must resolve inside the
 * set. The API serves records that are not active (a graduated student, as tobedeleted) and other
 * records still point at them (the student's guardian lists the student as an agent), so a bulk
 * export drops such references: from an optional reference or list, the reference goes; when a
 * required one goes (an enrollment's user, the last of a user's orgs), the row is left out, and
 * whatever points at that row is treated the same way (referenced entities are written first).
 *
 * Only ids are kept, and only of records that are not active (usually few), never the roster.
 */
export class ActiveReferences {
  private readonly dropped = new Map<string, { count: number; example: string }>();
  private readonly leftOut = new Map<EntityName, number>();

  private constructor(private readonly inactive: Map<EntityName, Set<string>>) {}

  /** Reads the sourcedIds of the records that are not active, of every served entity another one refers to. */
  static async collect(reader: RosterPages, served: readonly EntityName[]): Promise<ActiveReferences> {
    const targets = referenceTargets(served);
    const inactive = new Map<EntityName, Set<string>>(targets.map((entity) => [entity, new Set<string>()]));
    await walkRoster(
      reader,
      targets,
      {
        add: (entity, records) => records.forEach((record) => inactive.get(entity)!.add(String(record.sourcedId))),
        complete: () => undefined,
        note: () => undefined,
        fail: (entity, reason) => {
          throw new Error(`reading the ${entity} that are not active failed: ${reason}`);
        },
      },
      { filter: parseFilter("status!='active'"), fields: ['sourcedId'], keyedOrder: true },
    );
    return new ActiveReferences(inactive);
  }

  /** The record with its references to records outside the file set removed, or undefined when the row must be left out. */
  prune(entity: EntityName, record: OneRosterRecord): OneRosterRecord | undefined {
    let pruned: OneRosterRecord | undefined;
    const written = new Set(csvFileFor(entity).columns.map((column) => column.field));
    for (const spec of ENTITY_CATALOGUE[entity].fields) {
      if ((spec.type.kind !== 'ref' && spec.type.kind !== 'refList') || !written.has(spec.name)) continue;
      const inactive = this.inactive.get(spec.type.target);
      const value = record[spec.name];
      if (!inactive?.size || value === undefined) continue;
      const refs = spec.type.kind === 'ref' ? [value as Reference] : (value as Reference[]);
      const kept = refs.filter((ref) => !inactive.has(String(ref.sourcedId)));
      if (kept.length === refs.length) continue;
      if (spec.required && kept.length === 0) return this.leaveOut(entity, record);
      this.noteDropped(entity, spec, record, refs.length - kept.length);
      pruned ??= { ...record };
      if (spec.type.kind === 'ref' || kept.length === 0) delete pruned[spec.name];
      else pruned[spec.name] = kept;
    }
    return pruned ?? record;
  }

  /** What was dropped or left out, for the export's summary. */
  messages(): string[] {
    const dropped = [...this.dropped].map(
      ([key, { count, example }]) => `${key}: ${count} reference${count === 1 ? '' : 's'} to records that are not active left out of the bulk file (e.g. in ${example})`,
    );
    const rows = [...this.leftOut].map(([entity, count]) => `${entity}: ${count} row${count === 1 ? '' : 's'} left out of the bulk file, as a required reference points at a record that is not active`);
    return [...dropped, ...rows];
  }

  leftOutOf(entity: EntityName): number {
    return this.leftOut.get(entity) ?? 0;
  }

  private leaveOut(entity: EntityName, record: OneRosterRecord): undefined {
    this.leftOut.set(entity, (this.leftOut.get(entity) ?? 0) + 1);
    this.inactive.get(entity)?.add(String(record.sourcedId));
    return undefined;
  }

  private noteDropped(entity: EntityName, spec: FieldSpec, record: OneRosterRecord, count: number): void {
    const key = `${entity}.${spec.name}`;
    const seen = this.dropped.get(key);
    if (seen) seen.count += count;
    else this.dropped.set(key, { count, example: String(record.sourcedId) });
  }
}

/** The served entities that the CSV files refer to (GUIDRefs and lists of them). */
function referenceTargets(served: readonly EntityName[]): EntityName[] {
  const targets = new Set<EntityName>();
  for (const entity of served) {
    const written = new Set(csvFileFor(entity).columns.map((column) => column.field));
    for (const spec of ENTITY_CATALOGUE[entity].fields) {
      if ((spec.type.kind === 'ref' || spec.type.kind === 'refList') && written.has(spec.name) && served.includes(spec.type.target)) targets.add(spec.type.target);
    }
  }
  return [...targets];
}
