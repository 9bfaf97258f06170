import { ENTITY_CATALOGUE, EntityName, FieldSpec } from '../oneroster/entity-catalogue';

/**
 * The data checks of `npm run mappings:check`, as plain logic over serialized OneRoster records
 * (what the API would send), with no database in sight: the walker feeds pages in, this keeps
 * one set of sourcedIds per entity and the counts, and reports what would break a consumer.
 *
 * - a sourcedId served twice within an entity (error);
 * - a reference (GUIDRef or list of them) to a record the API does not serve: an error in a
 *   required field (enrollment.user, class.course…), a warning in an optional one (user.agents,
 *   org.parent…);
 * - a required OneRoster field that is empty (error);
 * - and what the walker reports itself: an entity it could not read (error), pages it had to
 *   read smaller than asked (warning).
 */
export type Severity = 'error' | 'warning';
export type DataFindingCode = 'DUPLICATE_SOURCED_ID' | 'DANGLING_REFERENCE' | 'EMPTY_REQUIRED_FIELD' | 'READ_FAILED' | 'PAGE_TOO_LARGE';

export interface DataFinding {
  readonly severity: Severity;
  readonly code: DataFindingCode;
  readonly field?: string;
  /** For references: the entity the field points into. */
  readonly target?: EntityName;
  /** Records affected (for duplicates: sourcedIds that occur more than once; 0 for read problems). */
  readonly count: number;
  /** Up to MAX_EXAMPLES sourcedIds of affected records. */
  readonly examples: readonly string[];
  /** For references: how many references do not resolve, and up to MAX_EXAMPLES of the ids they name. */
  readonly references?: number;
  readonly missing?: readonly string[];
  readonly message: string;
}

export interface EntityDataReport {
  readonly entity: EntityName;
  readonly records: number;
  readonly findings: readonly DataFinding[];
}

export interface DataCheckResult {
  readonly entities: readonly EntityDataReport[];
  readonly errors: number;
  readonly warnings: number;
}

export const MAX_EXAMPLES = 5;

/** Walk order: referenced entities first, so most references are checked as they arrive. */
export const WALK_ORDER: readonly EntityName[] = ['academicSessions', 'orgs', 'courses', 'classes', 'users', 'enrollments', 'demographics'];

export type RosterRecord = Readonly<Record<string, unknown>>;

/** A value the API would leave out or send empty: absent, null, blank text, an empty list. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** The sourcedIds a ref or refList field names (GUIDRefs `{ sourcedId }` or bare ids). */
export function referencedIds(value: unknown): string[] {
  const refs = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return refs
    .map((ref) => (ref && typeof ref === 'object' ? (ref as { sourcedId?: unknown }).sourcedId : ref))
    .filter((id): id is string | number => (typeof id === 'string' && id !== '') || typeof id === 'number')
    .map(String);
}

/** The fields of an entity that point at other records. */
export function referenceFields(entity: EntityName): Array<FieldSpec & { type: { kind: 'ref' | 'refList'; target: EntityName } }> {
  return ENTITY_CATALOGUE[entity].fields.filter(
    (field): field is FieldSpec & { type: { kind: 'ref' | 'refList'; target: EntityName } } => field.type.kind === 'ref' || field.type.kind === 'refList',
  );
}

/** Counts and up to MAX_EXAMPLES examples, so 100,000 broken rows cost five strings. */
class Tally {
  count = 0;
  references = 0;
  readonly examples: string[] = [];
  readonly missing: string[] = [];

  add(example: string, missing?: string): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES && !this.examples.includes(example)) this.examples.push(example);
    if (missing !== undefined && this.missing.length < MAX_EXAMPLES && !this.missing.includes(missing)) this.missing.push(missing);
  }
}

interface EntityState {
  readonly ids: Set<string>;
  records: number;
  complete: boolean;
  /** Why the entity could not be read completely; references into it are then not judged. */
  failed?: string;
  readonly notes: DataFinding[];
  readonly duplicates: Tally;
  readonly duplicateIds: Set<string>;
  readonly empty: Map<string, Tally>;
  readonly dangling: Map<string, Tally>;
}

/** References whose target entity has not been read completely yet (self-references, mostly). */
interface PendingReference {
  readonly entity: EntityName;
  readonly field: string;
  readonly target: EntityName;
  readonly from: string;
  readonly ids: readonly string[];
}

export class RosterDataCheck {
  private readonly states = new Map<EntityName, EntityState>();
  private pending: PendingReference[] = [];
  /** Entities some served entity points at; only their sourcedIds are kept once they are read. */
  private readonly referenced: ReadonlySet<EntityName>;

  /**
   * `served`: the entities the mapping serves; references into any other entity never resolve.
   * `stampedLastModified`: entities whose dateLastModified the adapter's change tracking stamps
   * (`tracking.lastModified`), so the mapping feeds none and the records read here have none.
   */
  constructor(
    private readonly served: readonly EntityName[],
    private readonly stampedLastModified: readonly EntityName[] = [],
  ) {
    this.referenced = new Set(served.flatMap((entity) => referenceFields(entity).map((field) => field.type.target)));
    for (const entity of served) {
      this.states.set(entity, {
        ids: new Set(),
        records: 0,
        complete: false,
        notes: [],
        duplicates: new Tally(),
        duplicateIds: new Set(),
        empty: new Map(),
        dangling: new Map(),
      });
    }
  }

  /** One page (or any batch) of an entity's records, as the API serializes them. */
  add(entity: EntityName, records: readonly RosterRecord[]): void {
    const state = this.state(entity);
    const stamped = this.stampedLastModified.includes(entity);
    const required = ENTITY_CATALOGUE[entity].fields.filter((field) => field.required && !(stamped && field.name === 'dateLastModified'));
    const references = referenceFields(entity);
    for (const record of records) {
      state.records++;
      const id = isEmptyValue(record.sourcedId) ? '' : String(record.sourcedId);
      const label = id || `(record ${state.records} without sourcedId)`;
      if (id) {
        if (state.ids.has(id)) {
          if (!state.duplicateIds.has(id)) state.duplicates.add(id);
          state.duplicateIds.add(id);
        } else {
          state.ids.add(id);
        }
      }
      for (const field of required) if (isEmptyValue(record[field.name])) tally(state.empty, field.name).add(label);
      for (const field of references) {
        const ids = referencedIds(record[field.name]);
        if (ids.length === 0) continue;
        const target = this.states.get(field.type.target);
        if (target && !target.complete) this.pending.push({ entity, field: field.name, target: field.type.target, from: label, ids });
        else this.resolve(state, field.name, target, label, ids);
      }
    }
  }

  /** Marks an entity as read completely: references into it are checked from now on as they arrive. */
  complete(entity: EntityName): void {
    this.state(entity).complete = true;
    const waiting: PendingReference[] = [];
    for (const reference of this.pending) {
      if (reference.target === entity) this.resolve(this.state(reference.entity), reference.field, this.states.get(entity), reference.from, reference.ids);
      else waiting.push(reference);
    }
    this.pending = waiting;
    // Nothing points at enrollments or demographics: their (many) ids were only needed for duplicates.
    if (!this.referenced.has(entity)) this.state(entity).ids.clear();
  }

  /** A finding the walker made itself (e.g. pages it had to read smaller than asked). */
  note(entity: EntityName, finding: DataFinding): void {
    this.state(entity).notes.push(finding);
  }

  /** The entity could not be read (completely): an error, and references into it are not judged. */
  fail(entity: EntityName, reason: string): void {
    const state = this.state(entity);
    state.failed = reason;
    state.notes.push({ severity: 'error', code: 'READ_FAILED', count: 0, examples: [], message: `reading ${entity} through the mapping failed after ${state.records} records: ${reason}` });
    this.complete(entity);
  }

  result(): DataCheckResult {
    for (const entity of this.served) if (!this.state(entity).complete) this.complete(entity);
    const entities = this.served.map((entity) => this.entityReport(entity));
    const findings = entities.flatMap((entity) => entity.findings);
    return {
      entities,
      errors: findings.filter((finding) => finding.severity === 'error').length,
      warnings: findings.filter((finding) => finding.severity === 'warning').length,
    };
  }

  private resolve(state: EntityState, field: string, target: EntityState | undefined, from: string, ids: readonly string[]): void {
    if (target?.failed) return;
    const missing = ids.filter((id) => !target?.ids.has(id));
    if (missing.length === 0) return;
    const counts = tally(state.dangling, field);
    counts.add(from, missing[0]);
    counts.references += missing.length;
    for (const id of missing.slice(1)) if (counts.missing.length < MAX_EXAMPLES && !counts.missing.includes(id)) counts.missing.push(id);
  }

  private entityReport(entity: EntityName): EntityDataReport {
    const state = this.state(entity);
    const findings: DataFinding[] = [...state.notes];
    if (state.duplicates.count > 0) {
      findings.push({
        severity: 'error',
        code: 'DUPLICATE_SOURCED_ID',
        field: 'sourcedId',
        count: state.duplicates.count,
        examples: state.duplicates.examples,
        message: `${state.duplicates.count} sourcedId${plural(state.duplicates.count)} ${state.duplicates.count === 1 ? 'is' : 'are'} served more than once`,
      });
    }
    for (const field of ENTITY_CATALOGUE[entity].fields) {
      const empty = state.empty.get(field.name);
      if (empty) {
        findings.push({
          severity: 'error',
          code: 'EMPTY_REQUIRED_FIELD',
          field: field.name,
          count: empty.count,
          examples: empty.examples,
          message: `${field.name} is required but empty in ${empty.count} record${plural(empty.count)}`,
        });
      }
      const dangling = state.dangling.get(field.name);
      if (dangling && (field.type.kind === 'ref' || field.type.kind === 'refList')) {
        const target = field.type.target;
        const notServed = !this.states.has(target) ? ` (the mapping serves no ${target})` : '';
        findings.push({
          severity: field.required ? 'error' : 'warning',
          code: 'DANGLING_REFERENCE',
          field: field.name,
          target,
          count: dangling.count,
          examples: dangling.examples,
          references: dangling.references,
          missing: dangling.missing,
          message: `${field.name} names ${target} the API does not serve${notServed}: ${dangling.references} reference${plural(dangling.references)} in ${dangling.count} record${plural(dangling.count)}`,
        });
      }
    }
    return { entity, records: state.records, findings };
  }

  private state(entity: EntityName): EntityState {
    const state = this.states.get(entity);
    if (!state) throw new Error(`${entity} is not among the entities being checked`);
    return state;
  }
}

function tally(map: Map<string, Tally>, key: string): Tally {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Tally()));
  return counts;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
