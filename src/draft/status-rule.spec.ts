import { guessStatus } from './status-rule';
import { codeTable, column, database, table } from './profile-builder';
import { TableFacts } from './table-facts';
import { withInferredForeignKeys } from './infer-foreign-keys';

describe(guessStatus.name, () => {
  it('a deleted flag marks tobedeleted with the flag’s own yes value', () => {
    const students = table('STU', [column('ID'), column('DEL_FLG', 'CHAR(1)', ['N', 'N'])]);
    const guess = guessStatus(database([students]), new TableFacts(students), 'S');
    expect(guess.status!.value).toEqual({ case: [{ when: { column: 'S.DEL_FLG', eq: 'Y' }, then: 'tobedeleted' }], else: 'active' });
    expect(guess.status!.guess).toContain('DEL_FLG = Y marks removed rows');
  });

  it('an active flag that is off marks tobedeleted when nothing else does', () => {
    const schools = table('SCH', [column('ACTV_FLG', 'CHAR(1)', ['Y'])]);
    const guess = guessStatus(database([schools]), new TableFacts(schools), 'S');
    expect(guess.status!.value).toEqual({ case: [{ when: { column: 'S.ACTV_FLG', eq: 'N' }, then: 'tobedeleted' }], else: 'active' });
  });

  it('beside a deleted flag, an active flag only decides who may sign in (staff on leave stay served)', () => {
    const people = table('person', [column('is_deleted', 'smallint', ['0', '1']), column('is_active', 'smallint', ['1', '0'])]);
    const guess = guessStatus(database([people]), new TableFacts(people), 'P');
    expect(guess.status!.value).toEqual({ case: [{ when: { column: 'P.is_deleted', eq: 1 }, then: 'tobedeleted' }], else: 'active' });
    expect(guess.active).toEqual({ condition: { column: 'P.is_active', eq: 1 }, guess: 'is_active is the active flag' });
  });

  it('status codes: the code table decides withdrawn (tobedeleted), pre-registered (not served) and active', () => {
    const profile = withInferredForeignKeys(
      database([
        codeTable('CD_ENR_STAT', 'ENR_STAT', 'STAT_DESC', { A: 'Active', W: 'Withdrawn', G: 'Graduated', P: 'Pre-registered', Z: 'Zzz' }),
        table('STU_MSTR', [column('STU_ID'), column('ENR_STAT', 'CHAR(1)', ['A', 'W'])], { primaryKey: ['STU_ID'] }),
      ]),
    );
    const students = profile.tables[1];
    const guess = guessStatus(profile, new TableFacts(students), 'S');
    expect(guess.status!.value).toEqual({ case: [{ when: { column: 'S.ENR_STAT', in: ['W', 'G'] }, then: 'tobedeleted' }], else: 'active' });
    expect(guess.served).toEqual([{ condition: { column: 'S.ENR_STAT', notIn: ['P'] }, guess: 'ENR_STAT P (Pre-registered): not enrolled yet (code table CD_ENR_STAT), so not served' }]);
    expect(guess.active!.condition).toEqual({ column: 'S.ENR_STAT', in: ['A'] });
    expect(guess.unread).toEqual(['Z']);
  });

  it('without a code table the sampled codes speak for themselves', () => {
    const students = table('STU', [column('STATUS', 'varchar(10)', ['ACTIVE', 'INACTIVE'])]);
    const guess = guessStatus(database([students]), new TableFacts(students), 'S');
    expect(guess.status!.value).toEqual({ case: [{ when: { column: 'S.STATUS', in: ['INACTIVE'] }, then: 'tobedeleted' }], else: 'active' });
    expect(guess.status!.guess).toContain('(sampled values)');
  });

  it('nothing to go on: no status expression (the compiler defaults it to active)', () => {
    const plain = table('SCH', [column('SCH_CD'), column('SCH_NM')]);
    expect(guessStatus(database([plain]), new TableFacts(plain), 'S')).toEqual({ served: [], active: undefined, unread: [] });
  });
});
