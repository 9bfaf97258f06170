import type {
  ChildListSource,
  ColumnRef,
  CompiledMapping,
  Condition,
  EntityMapping,
  Expr,
  FieldMapping,
  JoinMapping,
  RelatedRows,
  RowSource,
  SourceLocation,
} from './compiled-mapping';
import type { MappingDiagnostic, MappingDiagnosticCode } from './diagnostics/mapping-diagnostic';
import { findSchemaColumn, findSchemaTable, sameName, SchemaSnapshot, SchemaTable } from './schema-snapshot';
import { closest } from './yaml-cursor';

/** What an alias stands for in one scope (a source with its joins, or a child list with its joins). */
type AliasTarget =
  | { readonly kind: 'table'; readonly name: string; readonly table: SchemaTable | undefined }
  | { readonly kind: 'rows'; readonly columns: readonly string[] };

type Scope = Map<string, AliasTarget>;

/**
 * Every table a mapping reads (FROM, joins, child lists, `first` and `exists` related rows, their
 * joins), each name once, in order of appearance: the checker's own walk over an empty schema.
 */
export function mappingTableNames(mapping: CompiledMapping): string[] {
  const checker = new SchemaChecker({ tableNames: [], tables: [], caseSensitiveTables: true, caseSensitiveColumns: true });
  for (const entity of mapping.entities.values()) checker.checkEntity(entity);
  return [...checker.tablesRead];
}

/**
 * Checks a compiled mapping against the live schema: every table it reads must exist, and every
 * column it names must exist in the table (or declared rows) its alias stands for. Returns every
 * problem, each at the YAML location of the name, with the closest existing name as a hint.
 * Pure: the schema comes in as data (see `source/introspect-schema.ts`).
 */
export function checkMappingAgainstSchema(mapping: CompiledMapping, schema: SchemaSnapshot): MappingDiagnostic[] {
  const checker = new SchemaChecker(schema);
  for (const entity of mapping.entities.values()) checker.checkEntity(entity);
  return checker.diagnostics;
}

class SchemaChecker {
  readonly diagnostics: MappingDiagnostic[] = [];
  readonly tablesRead = new Set<string>();
  private readonly seen = new Set<string>();
  private file = '';
  private fallback: SourceLocation = { file: '', line: 1, column: 1 };

  constructor(private readonly schema: SchemaSnapshot) {}

  checkEntity(entity: EntityMapping): void {
    this.file = entity.file;
    entity.sources.forEach((source, index) => {
      const path = `sources[${index}]`;
      this.fallback = source.at ?? { file: entity.file, line: 1, column: 1 };
      const scope: Scope = new Map();
      this.bindFrom(scope, source.from, `${path}.${source.from.kind === 'table' ? 'table' : 'rows'}`);
      this.checkJoins(scope, source.joins, `${path}.joins`);
      source.where.forEach((condition, i) => this.checkCondition(condition, scope, `${path}.where[${i}]`));
      for (const [name, field] of source.fields) this.checkField(field, scope, `${path}.fields.${name}`);
    });
  }

  private checkField(field: FieldMapping, scope: Scope, path: string): void {
    switch (field.kind) {
      case 'scalar':
      case 'ref':
        return this.checkExpr(field.expr, scope, path);
      case 'metadata':
        for (const [key, value] of field.entries) {
          if (value.kind === 'scalar') this.checkExpr(value.expr, scope, `${path}.${key}`);
          else value.flags.forEach((flag) => this.checkCondition(flag.when, scope, `${path}.${key}.flags.${flag.name}`));
        }
        return;
      case 'identifiers':
        for (const [type, expr] of field.entries) this.checkExpr(expr, scope, `${path}.${type}`);
        return;
      case 'list': {
        const list = field.list;
        if (list.kind === 'items') list.items.forEach((item, i) => this.checkExpr(item, scope, `${path}[${i}]`));
        else if (list.kind === 'split') this.checkExpr(list.input, scope, `${path}.split`);
        else this.checkChildList(list, scope, path);
        return;
      }
    }
  }

  /** A child list has its own aliases; only the parent side of `on` is read in the source's scope. */
  private checkChildList(list: ChildListSource, parentScope: Scope, path: string): void {
    const scope = this.checkRelated(list, parentScope, path);
    this.checkExpr(list.value, scope, `${path}.value`);
    list.orderBy.forEach((expr, i) => this.checkExpr(expr, scope, `${path}.orderBy[${i}]`));
  }

  /** Related rows (child lists, exists) bind their own aliases; returns that scope. */
  private checkRelated(related: RelatedRows, parentScope: Scope, path: string): Scope {
    const scope: Scope = new Map();
    this.bindFrom(scope, related.from, `${path}.table`);
    this.checkJoins(scope, related.joins, `${path}.joins`);
    for (const pair of related.on) {
      this.checkColumn(pair.column, scope, `${path}.on`);
      this.checkExpr(pair.parent, parentScope, `${path}.on`);
    }
    related.where.forEach((condition, i) => this.checkCondition(condition, scope, `${path}.where[${i}]`));
    return scope;
  }

  private checkJoins(scope: Scope, joins: readonly JoinMapping[], path: string): void {
    joins.forEach((join, index) => {
      this.bindTable(scope, join.alias, join.table, join.at, `${path}[${index}]`);
      for (const pair of join.on) {
        this.checkColumn(pair.column, scope, `${path}[${index}].on`);
        this.checkExpr(pair.equals, scope, `${path}[${index}].on`);
      }
    });
  }

  private bindFrom(scope: Scope, from: RowSource, path: string): void {
    if (from.kind === 'rows') scope.set(from.alias, { kind: 'rows', columns: from.columns });
    else this.bindTable(scope, from.alias, from.table, from.at, path);
  }

  private bindTable(scope: Scope, alias: string, name: string, at: SourceLocation | undefined, path: string): void {
    this.tablesRead.add(name);
    const table = findSchemaTable(this.schema, name);
    scope.set(alias, { kind: 'table', name, table });
    if (table) return;
    const hint = closest(name, this.schema.tableNames);
    // The description names the schemas bare names are looked up in, so it only helps for those.
    const where = this.schema.description && !name.includes('.') ? ` in ${this.schema.description}` : '';
    this.report(
      'MAPPING_UNKNOWN_TABLE',
      at,
      path,
      `table ${name} does not exist${where}${this.schema.listsReadableOnly ? ' (or this login cannot read it)' : ''}${hint ? `; did you mean ${hint}?` : ''}`,
    );
  }

  private checkColumn(ref: ColumnRef, scope: Scope, path: string): void {
    const target = scope.get(ref.alias);
    // Unknown aliases are the compiler's to report; columns of a missing table were reported with the table.
    if (!target || (target.kind === 'table' && !target.table)) return;
    if (target.kind === 'rows') {
      if (target.columns.some((column) => sameName(column, ref.column, this.schema.caseSensitiveColumns))) return;
      const hint = closest(ref.column, target.columns);
      this.report(
        'MAPPING_UNKNOWN_COLUMN',
        ref.at,
        path,
        `column ${ref.alias}.${ref.column} is not one of the columns of the rows declared for ${ref.alias} (${target.columns.join(', ')})${hint ? `; did you mean ${hint}?` : ''}`,
      );
      return;
    }
    const table = target.table!;
    if (findSchemaColumn(this.schema, table, ref.column)) return;
    const hint = closest(ref.column, table.columns);
    this.report('MAPPING_UNKNOWN_COLUMN', ref.at, path, `column ${target.name}.${ref.column} does not exist${hint ? `; did you mean ${hint}?` : ''}`);
  }

  private checkExpr(expr: Expr, scope: Scope, path: string): void {
    switch (expr.kind) {
      case 'column':
        return this.checkColumn(expr, scope, path);
      case 'const':
        return;
      case 'template':
        return expr.parts.forEach((part) => typeof part !== 'string' && this.checkExpr(part, scope, path));
      case 'concat':
        return expr.parts.forEach((part) => this.checkExpr(part, scope, path));
      case 'map':
        return this.checkExpr(expr.input, scope, path);
      case 'latest':
      case 'coalesce':
        return expr.exprs.forEach((part) => this.checkExpr(part, scope, path));
      case 'case':
        expr.whens.forEach((branch) => {
          this.checkCondition(branch.when, scope, path);
          this.checkExpr(branch.then, scope, path);
        });
        return this.checkExpr(expr.else, scope, path);
      case 'fn':
        return this.checkExpr(expr.arg, scope, path);
      case 'e164':
        return this.checkExpr(expr.input, scope, path);
      case 'is':
        return this.checkCondition(expr.condition, scope, path);
      case 'first': {
        const related = this.checkRelated(expr.related, scope, `${path}.first`);
        this.checkExpr(expr.value, related, `${path}.first.value`);
        return expr.orderBy.forEach((part, i) => this.checkExpr(part, related, `${path}.first.orderBy[${i}]`));
      }
    }
  }

  private checkCondition(condition: Condition, scope: Scope, path: string): void {
    switch (condition.kind) {
      case 'compare':
        this.checkExpr(condition.left, scope, path);
        return this.checkExpr(condition.right, scope, path);
      case 'in':
        return this.checkExpr(condition.left, scope, path);
      case 'isNull':
        return this.checkExpr(condition.expr, scope, path);
      case 'all':
      case 'any':
        return condition.conditions.forEach((inner) => this.checkCondition(inner, scope, path));
      case 'not':
        return this.checkCondition(condition.condition, scope, path);
      case 'exists':
        this.checkRelated(condition.related, scope, `${path}.exists`);
        return;
    }
  }

  private report(code: MappingDiagnosticCode, at: SourceLocation | undefined, path: string, message: string): void {
    const location = at ?? this.fallback;
    const key = `${location.file}:${location.line}:${location.column}:${code}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ file: location.file || this.file, line: location.line, column: location.column, code, message, path });
  }
}
