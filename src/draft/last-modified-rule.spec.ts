import { FALLBACK_LAST_MODIFIED, guessLastModified } from './last-modified-rule';
import { column, table } from './profile-builder';
import { TableFacts } from './table-facts';

describe(guessLastModified.name, () => {
  it('the update time and the creation time, newest wins; no default when one is never NULL', () => {
    const students = new TableFacts(table('STU', [column('LST_UPD_DT', 'datetime'), column('CRT_DT', 'datetime', [], { nullable: false })]));
    expect(guessLastModified({ facts: students, alias: 'S' })!.value).toEqual({ latest: ['S.LST_UPD_DT', 'S.CRT_DT'] });
  });

  it('joined tables’ update times join the latest, and all-nullable columns get a fallback date', () => {
    const roster = new TableFacts(table('SECT_STU', [column('updated_at', 'timestamp')]));
    const section = new TableFacts(table('SECT', [column('MOD_DTTM', 'datetime')]));
    const guess = guessLastModified({ facts: roster, alias: 'R' }, [{ facts: section, alias: 'K' }])!;
    expect(guess.value).toEqual({ latest: ['R.updated_at', 'K.MOD_DTTM'], default: FALLBACK_LAST_MODIFIED });
    expect(guess.guess).toContain('updated_at of SECT_STU; MOD_DTTM of SECT');
  });

  it('a timestamp-looking name on a text column that holds no times is not a last-modified time', () => {
    const table1 = new TableFacts(table('CRS', [column('LST_UPD_USR', 'varchar(8)', ['CONV'])]));
    expect(guessLastModified({ facts: table1, alias: 'C' })).toBeUndefined();
  });

  it('without a last-modified column of its own a table gets none (the entity is snapshot-tracked instead)', () => {
    const course = new TableFacts(table('CRS', [column('CRS_NO')]));
    const section = new TableFacts(table('SECT', [column('LST_UPD_DT', 'datetime')]));
    expect(guessLastModified({ facts: course, alias: 'C' }, [{ facts: section, alias: 'K' }])).toBeUndefined();
  });
});
