import type { ColumnKind } from './database-profile';

/**
 * Reduces a database type name to a ColumnKind. The names come from four catalogues
 * (SQLite's declared type, MySQL's DATA_TYPE, PostgreSQL's and SQL Server's information_schema),
 * so the match is on the base name, case-insensitively, with any length or precision removed.
 */
export function columnKind(rawType: string): ColumnKind {
  const lower = rawType.toLowerCase().trim();
  // MySQL's convention for booleans.
  if (/^tinyint\(1\)/.test(lower)) return 'boolean';
  const base = lower.replace(/\(.*$/, '').trim();
  if (/^(bool|boolean|bit)$/.test(base)) return 'boolean';
  if (/^(tinyint|smallint|mediumint|int|integer|bigint|int2|int4|int8|serial|bigserial|smallserial)( unsigned)?$/.test(base)) return 'integer';
  if (/^(decimal|numeric|number|real|float|double|double precision|money|smallmoney|float4|float8)( unsigned)?$/.test(base)) return 'decimal';
  if (base === 'date') return 'date';
  if (/^(datetime|datetime2|smalldatetime|datetimeoffset|timestamp|timestamptz)\b/.test(base) || base.startsWith('timestamp')) return 'datetime';
  if (/(char|text|clob|string|uniqueidentifier|uuid|citext|enum|set)/.test(base)) return 'text';
  return 'other';
}
