import { mappedFieldsFor, mappedVocabularyValues, publicFields, vocabularyValue } from './version-fields';
import { V1P1, V1P2 } from './versions';

const names = (version: typeof V1P1, entity: Parameters<typeof publicFields>[1]) => publicFields(version, entity).map((field) => field.name);

describe('publicFields', () => {
  it('shows a 1.1 user role and orgs, and no 1.2-only field', () => {
    expect(names(V1P1, 'users')).toEqual(expect.arrayContaining(['role', 'orgs', 'userIds']));
    expect(names(V1P1, 'users')).not.toEqual(expect.arrayContaining(['roles']));
    for (const only12 of ['roles', 'primaryOrg', 'userMasterIdentifier', 'preferredFirstName', 'pronouns']) expect(names(V1P1, 'users')).not.toContain(only12);
  });

  it('shows a 1.2 user roles[] in place of role and orgs, with the 1.2-only fields', () => {
    const fields = names(V1P2, 'users');
    expect(fields).not.toContain('role');
    expect(fields).not.toContain('orgs');
    expect(fields).toEqual(expect.arrayContaining(['roles', 'primaryOrg', 'userMasterIdentifier', 'preferredFirstName', 'preferredMiddleName', 'preferredLastName', 'pronouns', 'userIds']));
    expect(fields.indexOf('roles')).toBeLessThan(fields.indexOf('identifier'));
    expect(publicFields(V1P2, 'users').find((field) => field.name === 'username')?.required).toBe(false);
  });

  it('keeps metadata last in both versions', () => {
    for (const version of [V1P1, V1P2]) expect(names(version, 'classes').at(-1)).toBe('metadata');
  });
});

describe('mappedFieldsFor', () => {
  it('selects what a derived field is built from, once', () => {
    expect(mappedFieldsFor(V1P2, 'users', ['sourcedId', 'roles'])).toEqual(['sourcedId', 'role', 'orgs']);
  });

  it("selects all of a version's fields when none are named, and never another version's", () => {
    expect(mappedFieldsFor(V1P1, 'users', undefined)).not.toContain('preferredFirstName');
    expect(mappedFieldsFor(V1P2, 'users', undefined)).toEqual(expect.arrayContaining(['role', 'orgs', 'preferredFirstName']));
  });
});

describe('vocabularies', () => {
  it.each([
    [V1P1, 'siteAdministrator', 'administrator'],
    [V1P1, 'administrator', 'administrator'],
    [V1P1, 'teacher', 'teacher'],
    [V1P2, 'administrator', 'systemAdministrator'],
    [V1P2, 'siteAdministrator', 'siteAdministrator'],
  ])('%s serves the mapped role %s as %s', (version, mapped, served) => {
    expect(vocabularyValue(version, 'users', 'role', mapped)).toBe(served);
  });

  it('leaves out a sex 1.1 cannot express', () => {
    expect(vocabularyValue(V1P1, 'demographics', 'sex', 'other')).toBeUndefined();
    expect(vocabularyValue(V1P2, 'demographics', 'sex', 'other')).toBe('other');
  });

  it('inverts each served value into every mapped value that is served as it', () => {
    expect(mappedVocabularyValues(V1P1, 'users', 'role', 'administrator').sort()).toEqual(
      ['administrator', 'counselor', 'districtAdministrator', 'principal', 'siteAdministrator', 'systemAdministrator'].sort(),
    );
    expect(mappedVocabularyValues(V1P2, 'users', 'role', 'systemAdministrator').sort()).toEqual(['administrator', 'systemAdministrator']);
    expect(mappedVocabularyValues(V1P2, 'users', 'role', 'administrator')).toEqual([]);
    expect(mappedVocabularyValues(V1P1, 'demographics', 'sex', 'other')).toEqual([]);
  });

  it('agrees with itself: every mapped value inverts back to a set containing it', () => {
    for (const version of [V1P1, V1P2]) {
      for (const mapped of ['administrator', 'siteAdministrator', 'principal', 'teacher', 'guardian']) {
        const served = vocabularyValue(version, 'users', 'role', mapped)!;
        expect(mappedVocabularyValues(version, 'users', 'role', served)).toContain(mapped);
      }
    }
  });
});
