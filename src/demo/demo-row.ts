/** A generated row: plain values keyed by the legacy column names. */
export type DemoValue = string | number | Date | null;
export type Row = Record<string, DemoValue>;

/** One row of one legacy table, as streamed by the generator. */
export interface DemoRow {
  table: string;
  row: Row;
}
