import type { ColumnProfile } from './database-profile';
import type { YamlValue } from './draft-model';
import type { TableFacts } from './table-facts';

/** A date for rows whose every timestamp is NULL; old, so such rows never look freshly changed. */
export const FALLBACK_LAST_MODIFIED = '2020-01-01T00:00:00Z';

export interface LastModifiedGuess {
  readonly value: YamlValue;
  readonly guess: string;
}

/**
 * `dateLastModified` from the last-modified columns (`*_UPD*`, `*MOD*`, `modified`, `updated_at`)
 * of the source's table and of the tables it joins, as `latest:`, so a change to any of them
 * reaches deltas; the main table's creation time joins them when present (rows nobody has
 * updated since they were created often have a NULL update time). Undefined when the main
 * table has no last-modified column: then the entity is dated by the snapshot pass instead.
 */
export function guessLastModified(main: { facts: TableFacts; alias: string }, joined: ReadonlyArray<{ facts: TableFacts; alias: string }> = []): LastModifiedGuess | undefined {
  const own = main.facts.all('lastModified');
  if (own.length === 0) return undefined;
  const created = main.facts.all('created').filter((column) => !own.includes(column));
  const parts: Array<{ alias: string; column: ColumnProfile }> = [
    ...own.map((column) => ({ alias: main.alias, column })),
    ...created.map((column) => ({ alias: main.alias, column })),
    ...joined.flatMap((table) => table.facts.all('lastModified').map((column) => ({ alias: table.alias, column }))),
  ];
  const columns = parts.map((part) => `${part.alias}.${part.column.name}`);
  const alwaysSet = parts.some((part) => !part.column.nullable);
  const value: YamlValue = alwaysSet ? { latest: columns } : { latest: columns, default: FALLBACK_LAST_MODIFIED };
  const named = (list: ReadonlyArray<{ column: ColumnProfile }>, table: string) => `${list.map((part) => part.column.name).join(', ')} of ${table}`;
  const sources = [named(parts.filter((part) => part.alias === main.alias), main.facts.name), ...joined.filter((table) => table.facts.has('lastModified')).map((table) => named(table.facts.all('lastModified').map((column) => ({ column })), table.facts.name))];
  return {
    value,
    guess: `last-modified/creation times: ${sources.join('; ')}${alwaysSet ? '' : `; all nullable, so rows with none get ${FALLBACK_LAST_MODIFIED}`}`,
  };
}
