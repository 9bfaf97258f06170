import { columnKind } from './column-kind';
import type { ColumnProfile, DatabaseProfile, ForeignKey, TableProfile } from './database-profile';

/**
 * Profiles written by hand, for the heuristics' specs and for trying a rule on a schema one has
 * only on paper: `table('STU_MSTR', [column('STU_ID', 'CHAR(7)', ['0000001'])], { primaryKey: ['STU_ID'] })`.
 */
export function column(name: string, rawType = 'varchar(40)', values: ReadonlyArray<string | null> = [], options: { nullable?: boolean } = {}): ColumnProfile {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return {
    name,
    rawType,
    kind: columnKind(rawType),
    nullable: options.nullable ?? true,
    samples: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count })),
    nullsInSample: values.filter((value) => value === null).length,
    moreValues: false,
    distinctInSample: counts.size,
  };
}

export function table(
  name: string,
  columns: readonly ColumnProfile[],
  options: { primaryKey?: string[]; foreignKeys?: ForeignKey[]; rowCount?: number; rows?: Array<Record<string, string | undefined>> } = {},
): TableProfile {
  const sampledRows = Math.max(0, ...columns.map((item) => item.samples.reduce((sum, sample) => sum + sample.count, 0) + item.nullsInSample));
  return {
    name,
    columns,
    primaryKey: options.primaryKey ?? [],
    foreignKeys: options.foreignKeys ?? [],
    rowCount: options.rowCount ?? options.rows?.length ?? sampledRows,
    rowCountCapped: false,
    sampledRows: options.rows?.length ?? sampledRows,
    ...(options.rows ? { rows: options.rows } : {}),
  };
}

/** A code table with its rows: `codeTable('CD_GNDR', 'GNDR_CD', 'GNDR_DESC', { M: 'Male', F: 'Female' })`. */
export function codeTable(name: string, codeColumn: string, descriptionColumn: string, codes: Record<string, string>): TableProfile {
  const entries = Object.entries(codes);
  return table(name, [column(codeColumn, 'CHAR(2)', entries.map(([code]) => code), { nullable: false }), column(descriptionColumn, 'varchar(40)', entries.map(([, text]) => text), { nullable: false })], {
    primaryKey: [codeColumn],
    rows: entries.map(([code, text]) => ({ [codeColumn]: code, [descriptionColumn]: text })),
  });
}

export function database(tables: readonly TableProfile[]): DatabaseProfile {
  return { description: 'a hand-written profile', tables };
}
