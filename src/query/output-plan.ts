import type { ChildListSource, EntityMapping, FieldMapping, SourceMapping } from '../mapping/compiled-mapping';
import { ENTITY_CATALOGUE, FieldSpec } from '../oneroster/entity-catalogue';
import { conditionSql, ExpressionContext, expressionSql } from './expression-sql';
import { compose, fragment, joinFragments, SqlFragment } from './sql-fragment';

/** Column of the UNION that says which source a row came from (for per-source list lookups). */
export const SOURCE_COLUMN = '__source';

/**
 * How a page's rows are laid out. Every source selects the same columns in the same order (a
 * UNION requires it), with NULL where a source does not map a field; the serializer and the child
 * list loader read this plan back.
 */
export interface OutputPlan {
  /** Requested OneRoster fields in catalogue order. */
  readonly fields: readonly FieldSpec[];
  readonly columns: readonly OutputColumn[];
  /** Child-table lists to load after the page: one batched query per (field, source). */
  readonly childLists: ReadonlyArray<{ field: string; source: number; list: ChildListSource; keyColumns: readonly string[] }>;
}

interface ColumnBase {
  readonly name: string;
  readonly field: string;
  /**
   * The column's type in the UNION. Servers that type UNION columns pairwise (PostgreSQL) or
   * convert implicitly (SQL Server) need every branch, NULL padding included, to agree, so
   * everything but integers travels as text; sorting and comparing happen on the typed source
   * expressions, not on these columns.
   */
  readonly sqlType: 'text' | 'integer';
  readonly select: (source: SourceMapping) => SqlFragment | undefined;
}

export type OutputColumn =
  | (ColumnBase & { readonly role: 'field' | 'item' | 'split' | 'source' })
  | (ColumnBase & { readonly role: 'key'; readonly source: number })
  | (ColumnBase & { readonly role: 'metadata' | 'flags' | 'identifier'; readonly key: string });

export function planOutput(mapping: EntityMapping, requested: readonly string[] | undefined, context: ExpressionContext): OutputPlan {
  const specs = ENTITY_CATALOGUE[mapping.entity].fields.filter((spec) => !requested || requested.includes(spec.name));
  const columns: OutputColumn[] = [{ name: SOURCE_COLUMN, role: 'source', field: '', sqlType: 'integer', select: (source) => fragment(String(source.index)) }];
  const childLists: Array<OutputPlan['childLists'][number]> = [];
  const mapped = (source: SourceMapping, field: string) => source.fields.get(field);

  for (const spec of specs) {
    const kinds = mapping.sources.map((source) => mapped(source, spec.name)).filter((m): m is FieldMapping => m !== undefined);
    if (kinds.length === 0) continue;
    if (spec.type.kind === 'metadata') {
      columns.push(...metadataColumns(mapping, context));
    } else if (spec.type.kind === 'identifierList') {
      columns.push(...identifierColumns(mapping, spec.name, context));
    } else if (spec.type.kind === 'refList' || spec.type.kind === 'stringList') {
      columns.push(...listColumns(mapping, spec.name, context, childLists));
    } else {
      columns.push({
        name: spec.name,
        role: 'field',
        field: spec.name,
        sqlType: spec.type.kind === 'boolean' ? 'integer' : 'text',
        select: (source) => {
          const field = mapped(source, spec.name);
          return field && (field.kind === 'scalar' || field.kind === 'ref') ? expressionSql(field.expr, context, true) : undefined;
        },
      });
    }
  }
  return { fields: specs, columns, childLists };
}

function listColumns(mapping: EntityMapping, field: string, context: ExpressionContext, childLists: Array<OutputPlan['childLists'][number]>): OutputColumn[] {
  const columns: OutputColumn[] = [];
  const lists = mapping.sources.map((source) => {
    const mappedField = source.fields.get(field);
    return mappedField?.kind === 'list' ? mappedField.list : undefined;
  });
  const maxItems = Math.max(0, ...lists.map((list) => (list?.kind === 'items' ? list.items.length : 0)));
  for (let index = 0; index < maxItems; index++) {
    columns.push({
      name: `__item_${field}_${index}`,
      role: 'item',
      field,
      sqlType: 'text',
      select: (source) => {
        const list = lists[source.index];
        return list?.kind === 'items' && list.items[index] ? expressionSql(list.items[index], context, true) : undefined;
      },
    });
  }
  if (lists.some((list) => list?.kind === 'split')) {
    columns.push({
      name: `__split_${field}`,
      role: 'split',
      field,
      sqlType: 'text',
      select: (source) => {
        const list = lists[source.index];
        return list?.kind === 'split' ? expressionSql(list.input, context, true) : undefined;
      },
    });
  }
  lists.forEach((list, sourceIndex) => {
    if (list?.kind !== 'child') return;
    const keyColumns = list.on.map((_, index) => `__key_${sourceIndex}_${field}_${index}`);
    keyColumns.forEach((name, index) =>
      columns.push({
        name,
        role: 'key',
        field,
        sqlType: 'text',
        source: sourceIndex,
        select: (source) => (source.index === sourceIndex ? expressionSql(list.on[index].parent, context, true) : undefined),
      }),
    );
    childLists.push({ field, source: sourceIndex, list, keyColumns });
  });
  return columns;
}

/** One column per identifier type any source maps, NULL in sources that do not map it. */
function identifierColumns(mapping: EntityMapping, field: string, context: ExpressionContext): OutputColumn[] {
  const entriesOf = (source: SourceMapping) => {
    const mapped = source.fields.get(field);
    return mapped?.kind === 'identifiers' ? mapped.entries : undefined;
  };
  const types = [...new Set(mapping.sources.flatMap((source) => [...(entriesOf(source)?.keys() ?? [])]))];
  return types.map((type, index) => ({
    name: `__id_${field}_${index}`,
    role: 'identifier' as const,
    field,
    sqlType: 'text' as const,
    key: type,
    select: (source: SourceMapping) => {
      const expr = entriesOf(source)?.get(type);
      return expr ? expressionSql(expr, context, true) : undefined;
    },
  }));
}

function metadataColumns(mapping: EntityMapping, context: ExpressionContext): OutputColumn[] {
  const keys = [...new Set(mapping.sources.flatMap((source) => {
    const metadata = source.fields.get('metadata');
    return metadata?.kind === 'metadata' ? [...metadata.entries.keys()] : [];
  }))];
  return keys.map((key, index) => {
    const isFlags = mapping.sources.some((source) => {
      const metadata = source.fields.get('metadata');
      return metadata?.kind === 'metadata' && metadata.entries.get(key)?.kind === 'flags';
    });
    return {
      name: `__meta_${index}`,
      role: isFlags ? 'flags' : 'metadata',
      field: 'metadata',
      sqlType: 'text',
      key,
      select: (source: SourceMapping) => {
        const metadata = source.fields.get('metadata');
        const value = metadata?.kind === 'metadata' ? metadata.entries.get(key) : undefined;
        if (!value) return undefined;
        if (value.kind === 'scalar') return expressionSql(value.expr, context, true);
        // Flags are assembled in SQL as 'a,b,' so a row carries one column whatever the flag count.
        const parts = value.flags.map((flag) =>
          compose('CASE WHEN $ THEN $ ELSE $ END', conditionSql(flag.when, context), fragment(context.dialect.textParameter(), [`${flag.name},`]), fragment(context.dialect.textParameter(), [''])),
        );
        return parts.length === 1 ? parts[0] : fragment(context.dialect.concat(parts.map((part) => part.sql)), parts.flatMap((part) => part.bindings));
      },
    } as OutputColumn;
  });
}

/** One source's select list, in plan order, NULL-padded (typed) where the source lacks a column. */
export function selectList(plan: OutputPlan, source: SourceMapping, context: ExpressionContext): SqlFragment {
  return joinFragments(
    plan.columns.map((column) => {
      const selected = column.select(source);
      const typed =
        column.sqlType === 'integer'
          ? (selected ?? fragment(context.dialect.castInteger('NULL')))
          : fragment(context.dialect.castText(selected?.sql ?? 'NULL'), selected?.bindings ?? []);
      return compose('$ AS $', typed, fragment('??', [column.name]));
    }),
    ', ',
  );
}
