import type { EntityName } from '../oneroster/entity-catalogue';

/**
 * What the mapping compiler produces and the query engine consumes: plain, immutable data with no
 * YAML and no SQL in it. Every node keeps the location of the YAML it came from so later passes
 * (live-schema checks, explain) can point back at the file.
 */

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ColumnRef {
  readonly kind: 'column';
  readonly alias: string;
  readonly column: string;
  readonly at?: SourceLocation;
}

export type ConstantValue = string | number | boolean | null;

export type Expr =
  | ColumnRef
  | { readonly kind: 'const'; readonly value: ConstantValue }
  | { readonly kind: 'template'; readonly parts: ReadonlyArray<string | Expr> }
  | { readonly kind: 'concat'; readonly parts: readonly Expr[]; readonly separator: string }
  | { readonly kind: 'map'; readonly input: Expr; readonly values: Readonly<Record<string, string>>; readonly default: string | null }
  | { readonly kind: 'latest'; readonly exprs: readonly Expr[]; readonly default: string | null }
  | { readonly kind: 'case'; readonly whens: ReadonlyArray<{ readonly when: Condition; readonly then: Expr }>; readonly else: Expr }
  | { readonly kind: 'coalesce'; readonly exprs: readonly Expr[] }
  | { readonly kind: 'fn'; readonly fn: 'trim' | 'lower' | 'upper'; readonly arg: Expr }
  | { readonly kind: 'is'; readonly condition: Condition }
  /** A phone number as E.164 (`+15551234567`), NULL when it cannot be normalised (see expression-sql). */
  | { readonly kind: 'e164'; readonly input: Expr; readonly countryCode: string; readonly nationalLength: number }
  /** The value of the first related row in `orderBy` order (a contact's closest relationship, a teacher's primary school), NULL when none. */
  | { readonly kind: 'first'; readonly related: RelatedRows; readonly value: Expr; readonly orderBy: readonly Expr[] };

export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { readonly kind: 'compare'; readonly left: Expr; readonly op: ComparisonOperator; readonly right: Expr }
  | { readonly kind: 'in'; readonly left: Expr; readonly values: readonly ConstantValue[]; readonly negate: boolean }
  | { readonly kind: 'isNull'; readonly expr: Expr; readonly negate: boolean }
  | { readonly kind: 'all' | 'any'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition }
  /** True when at least one related row exists (e.g. a contact with an enrolled student). */
  | { readonly kind: 'exists'; readonly related: RelatedRows };

/** The FROM of a source or a child list: a real table, or rows declared in the mapping itself. */
export type RowSource =
  | { readonly kind: 'table'; readonly table: string; readonly alias: string; readonly at?: SourceLocation }
  | { readonly kind: 'rows'; readonly alias: string; readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly ConstantValue[]> };

export interface JoinMapping {
  readonly type: 'inner' | 'left';
  readonly table: string;
  readonly alias: string;
  /** Pairs of (column of the joined table, expression over earlier aliases or a constant). */
  readonly on: ReadonlyArray<{ readonly column: ColumnRef; readonly equals: Expr }>;
  readonly at?: SourceLocation;
}

/** Rows of another table linked to the current row: what a child list and an `exists` test share. */
export interface RelatedRows {
  readonly from: RowSource & { kind: 'table' };
  readonly joins: readonly JoinMapping[];
  /** Related column = expression over the current row; for lists the right side is batched per page. */
  readonly on: ReadonlyArray<{ readonly column: ColumnRef; readonly parent: Expr }>;
  readonly where: readonly Condition[];
}

/** A list (orgs, agents, terms, grades…) read from a child table in one batched query per page. */
export interface ChildListSource extends RelatedRows {
  readonly kind: 'child';
  readonly value: Expr;
  readonly orderBy: readonly Expr[];
}

export type ListSource =
  | { readonly kind: 'items'; readonly items: readonly Expr[] }
  | { readonly kind: 'split'; readonly input: Expr; readonly separator: string }
  | ChildListSource;

export type MetadataValue =
  | { readonly kind: 'scalar'; readonly expr: Expr }
  | { readonly kind: 'flags'; readonly flags: ReadonlyArray<{ readonly name: string; readonly when: Condition }> };

export type FieldMapping =
  | { readonly kind: 'scalar'; readonly expr: Expr }
  | { readonly kind: 'ref'; readonly expr: Expr }
  | { readonly kind: 'list'; readonly list: ListSource }
  | { readonly kind: 'metadata'; readonly entries: ReadonlyMap<string, MetadataValue> }
  /** `userIds`: identifier type (`SIS`, `LDAP`…) → the expression giving that identifier. */
  | { readonly kind: 'identifiers'; readonly entries: ReadonlyMap<string, Expr> };

/** One branch of an entity: a table (or declared rows) with its joins, conditions and fields. */
export interface SourceMapping {
  readonly name: string;
  readonly index: number;
  readonly from: RowSource;
  readonly joins: readonly JoinMapping[];
  readonly where: readonly Condition[];
  /**
   * Why rows failing `where[i]` are left out, when the mapping says (`{ require: …, because: … }`):
   * `npm run doctor` counts those rows and reports them with this reason.
   */
  readonly whereReasons?: ReadonlyArray<string | undefined>;
  readonly fields: ReadonlyMap<string, FieldMapping>;
  readonly at?: SourceLocation;
}

/**
 * What the adapter's snapshot pass does for an entity (see src/tracking/): `deletions` serves
 * records that vanished from the SIS (hard deletes) as `tobedeleted` stubs in deltas;
 * `lastModified` stamps dateLastModified from content hashes, for SIS tables that have no
 * last-modified column (the sources then map no dateLastModified).
 */
export interface EntityTracking {
  readonly deletions: boolean;
  readonly lastModified: boolean;
}

export const NO_TRACKING: EntityTracking = { deletions: false, lastModified: false };

export interface EntityMapping {
  readonly entity: EntityName;
  readonly file: string;
  readonly sources: readonly SourceMapping[];
  readonly tracking: EntityTracking;
}

export interface CompiledMapping {
  readonly entities: ReadonlyMap<EntityName, EntityMapping>;
}
