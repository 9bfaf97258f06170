/**
 * A piece of SQL with `?` value placeholders and `??` identifier placeholders, in knex.raw's
 * syntax, plus its bindings in order. Client input only ever travels as a binding.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

export function fragment(sql: string, bindings: readonly unknown[] = []): SqlFragment {
  return { sql, bindings };
}

export function joinFragments(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((part) => part.sql).join(separator), bindings: parts.flatMap((part) => part.bindings) };
}

/** Wraps fragments into a template: `template('(? = ?)', a, b)` style composition with `$` slots. */
export function compose(template: string, ...parts: SqlFragment[]): SqlFragment {
  const pieces = template.split('$');
  if (pieces.length !== parts.length + 1) throw new Error(`compose: ${pieces.length - 1} slots for ${parts.length} parts`);
  let sql = pieces[0];
  const bindings: unknown[] = [];
  parts.forEach((part, index) => {
    sql += part.sql + pieces[index + 1];
    bindings.push(...part.bindings);
  });
  return { sql, bindings };
}

/** A WHERE-level predicate that may have been folded to a constant at compile time. */
export type Predicate = true | false | SqlFragment;

export function andPredicates(parts: readonly Predicate[]): Predicate {
  if (parts.some((part) => part === false)) return false;
  const sqlParts = parts.filter((part): part is SqlFragment => part !== true);
  if (sqlParts.length === 0) return true;
  if (sqlParts.length === 1) return sqlParts[0];
  return joinFragments(sqlParts.map((part) => compose('($)', part)), ' AND ');
}

export function orPredicates(parts: readonly Predicate[]): Predicate {
  if (parts.some((part) => part === true)) return true;
  const sqlParts = parts.filter((part): part is SqlFragment => part !== false);
  if (sqlParts.length === 0) return false;
  if (sqlParts.length === 1) return sqlParts[0];
  return joinFragments(sqlParts.map((part) => compose('($)', part)), ' OR ');
}

export function notPredicate(part: Predicate): Predicate {
  if (part === true) return false;
  if (part === false) return true;
  return compose('NOT ($)', part);
}

/** Renders a predicate for a WHERE clause; constant predicates become portable 1=1 / 1=0. */
export function predicateSql(part: Predicate): SqlFragment {
  if (part === true) return fragment('1=1');
  if (part === false) return fragment('1=0');
  return part;
}
