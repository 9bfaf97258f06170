import { classifyTables } from './classify-tables';
import { AliasPicker, DraftContext } from './draft-context';
import { withInferredForeignKeys } from './infer-foreign-keys';
import { column, database, table } from './profile-builder';

/** Keys declared in an order different from the referencing columns: references must follow the target's key order. */
function context(): DraftContext {
  const profile = withInferredForeignKeys(
    database([
      table('SCH_MSTR', [column('SCH_CD', 'CHAR(3)', ['001']), column('SCH_NM'), column('NCES_ID'), column('ADDR1')], { primaryKey: ['SCH_CD'] }),
      table('CRS_MSTR', [column('CRS_NO'), column('SCH_CD', 'CHAR(3)'), column('CRS_TTL')], { primaryKey: ['SCH_CD', 'CRS_NO'] }),
      table('SECT_MSTR', [column('CRS_NO'), column('SCH_CD', 'CHAR(3)'), column('SECT_NO', 'integer'), column('ROOM_NO')], {
        primaryKey: ['SCH_CD', 'SECT_NO'],
        foreignKeys: [{ columns: ['CRS_NO', 'SCH_CD'], references: { table: 'CRS_MSTR', columns: ['CRS_NO', 'SCH_CD'] }, declared: true }],
      }),
    ]),
  );
  return new DraftContext(profile, classifyTables(profile));
}

describe(DraftContext.name, () => {
  const sut = context();
  const section = sut.facts('SECT_MSTR');
  const course = sut.facts('CRS_MSTR');

  it('sourcedIds are the kind’s prefix and the key columns in key order', () => {
    expect(sut.idTemplate(course, 'C')).toBe('crs-{C.SCH_CD}-{C.CRS_NO}');
    expect(sut.idTemplate(section, 'K')).toBe('cls-{K.SCH_CD}-{K.SECT_NO}');
  });

  it('a reference builds exactly the target’s sourcedId, whatever order the foreign key lists its columns in', () => {
    expect(sut.refTemplate(section, 'K', course)).toEqual({ template: 'crs-{K.SCH_CD}-{K.CRS_NO}', because: 'SCH_CD, CRS_NO is a declared foreign key' });
    expect(sut.joinOn(section, 'K', course, 'C')).toEqual({ 'C.SCH_CD': 'K.SCH_CD', 'C.CRS_NO': 'K.CRS_NO' });
    expect(sut.refTemplate(section, 'K', sut.facts('SCH_MSTR'))!.because).toBe("SCH_CD matches the key of SCH_MSTR (inferred: SECT_MSTR has SCH_MSTR's key SCH_CD)");
  });

  it('no key declared: a column named like an id and distinct in every sampled row stands in, said so', () => {
    const profile = database([table('STUDENT', [column('STUDENT_NO', 'integer', ['1', '2', '3']), column('FIRST_NAME', 'varchar(20)', ['A', 'A', 'B'])])]);
    const keyless = new DraftContext(profile, classifyTables(profile));
    expect(keyless.keyOf(keyless.facts('STUDENT'))).toEqual({ columns: ['STUDENT_NO'], guess: 'STUDENT declares no primary key; STUDENT_NO looks like one (named like an id, distinct in every sampled row)' });
  });
});

describe(AliasPicker.name, () => {
  it('initials of the table’s words, unique within a source', () => {
    const aliases = new AliasPicker();
    expect(aliases.pick('STU_MSTR')).toBe('S');
    expect(aliases.pick('SECT_STU')).toBe('SS');
    expect(aliases.pick('SCH_MSTR')).toBe('S2');
    expect(aliases.pick('anything', 'K')).toBe('K');
  });
});
