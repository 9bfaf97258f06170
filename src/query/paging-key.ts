import type { ColumnRef, Expr, SourceMapping } from '../mapping/compiled-mapping';

/**
 * The columns a source's rows are paged by when the client asks for no sort: the columns its
 * `sourcedId` is built from, in the order the mapping names them. A sourcedId is a function of
 * those columns, so ordering by them is a total order over the records (rows that tie share a
 * sourcedId, which the doctor reports), and it is the order of the table's own key in the usual
 * case (`stu-{S.STU_ID}`, `enr-{R.SCH_CD}-{R.SY_ID}-{R.SECT_NO}-s{R.STU_ID}`): the database
 * walks its primary-key index and stops after a page instead of sorting the whole table for
 * every page, and a page after a known key is a range seek, however deep.
 *
 * Undefined when the sourcedId reads a related row (`first`) or no column at all: such a source
 * is paged by the sourcedId text, over the UNION like an explicit sort.
 */
export function sourcePagingKey(source: SourceMapping): readonly ColumnRef[] | undefined {
  const field = source.fields.get('sourcedId');
  if (!field || field.kind !== 'scalar') return undefined;
  const columns: ColumnRef[] = [];
  if (!collectColumns(field.expr, columns)) return undefined;
  const seen = new Set<string>();
  const unique = columns.filter((column) => {
    const name = `${column.alias}.${column.column}`;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
  return unique.length ? unique : undefined;
}

/** Gathers the columns an expression reads; false when it reads something no column order can stand for. */
function collectColumns(expr: Expr, into: ColumnRef[]): boolean {
  switch (expr.kind) {
    case 'column':
      into.push(expr);
      return true;
    case 'const':
      return true;
    case 'template':
      return expr.parts.every((part) => typeof part === 'string' || collectColumns(part, into));
    case 'concat':
      return expr.parts.every((part) => collectColumns(part, into));
    case 'coalesce':
    case 'latest':
      return expr.exprs.every((part) => collectColumns(part, into));
    case 'map':
    case 'e164':
      return collectColumns(expr.input, into);
    case 'fn':
      return collectColumns(expr.arg, into);
    default:
      // case/is read conditions, first reads another table: not worth ordering by.
      return false;
  }
}
