import { columnKind } from './column-kind';

describe(columnKind.name, () => {
  test.each([
    ['varchar(30)', 'text'],
    ['CHAR(1)', 'text'],
    ['character varying', 'text'],
    ['nvarchar', 'text'],
    ['integer', 'integer'],
    ['int(11)', 'integer'],
    ['smallint', 'integer'],
    ['bigint unsigned', 'integer'],
    ['tinyint(1)', 'boolean'],
    ['bit', 'boolean'],
    ['boolean', 'boolean'],
    ['decimal(8,2)', 'decimal'],
    ['double precision', 'decimal'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['datetime2', 'datetime'],
    ['timestamp without time zone', 'datetime'],
    ['timestamp(6) with time zone', 'datetime'],
    ['blob', 'other'],
    ['', 'other'],
  ])('%s is %s', (raw, kind) => {
    expect(columnKind(raw)).toBe(kind);
  });
});
