import { classTypeValue, contactRole, gradeValue, sessionType, sexValue, staffRole, statusMeaning } from './vocabulary-guesses';

describe('vocabulary guesses', () => {
  test.each([
    ['M', 'Male', 'male'],
    ['F', 'F', 'female'],
    ['X', 'Not specified', 'unspecified'],
    ['U', 'U', 'unspecified'],
    ['N', 'Non-binary', 'other'],
    ['Q', 'Q', undefined],
  ])('sex %s (%s) → %s', (code, description, value) => {
    expect(sexValue(code, description)).toBe(value);
  });

  test.each([
    ['K', 'Kindergarten', 'KG'],
    ['PK', 'Pre-kindergarten', 'PK'],
    ['1', 'Grade 1', '01'],
    ['09', '09', '09'],
    ['12', '12th grade', '12'],
    ['TK', 'TK', 'TK'],
    ['UG', 'Ungraded', 'UG'],
    ['99', 'Adult education', undefined],
  ])('grade %s (%s) → %s', (code, description, value) => {
    expect(gradeValue(code, description)).toBe(value);
  });

  test.each([
    ['A', 'Active', 'active'],
    ['W', 'Withdrawn', 'inactive'],
    ['G', 'Graduated', 'inactive'],
    ['P', 'Pre-registered', 'notYet'],
    ['I', 'I', 'inactive'],
    ['X', 'Inactive', 'inactive'],
    ['Z', 'Z', undefined],
  ])('status %s (%s) → %s', (code, description, meaning) => {
    expect(statusMeaning(code, description)).toBe(meaning);
  });

  test.each([
    ['T', 'Teacher', 'teacher'],
    ['S', 'Substitute teacher', 'teacher'],
    ['I', 'Instructional aide', 'aide'],
    ['A', 'Administrator', 'siteAdministrator'],
    ['P', 'Principal', 'principal'],
    ['AP', 'Assistant principal', 'principal'],
    ['C', 'Guidance counselor', 'counselor'],
    ['J', 'Janitor', undefined],
  ])('staff type %s (%s) → %s', (code, description, role) => {
    expect(staffRole(code, description)).toBe(role);
  });

  test.each([
    ['M', 'Mother', 'parent'],
    ['S', 'Stepparent', 'parent'],
    ['G', 'Legal guardian', 'guardian'],
    ['R', 'Grandparent/other relative', 'relative'],
    ['E', 'Emergency contact', 'notGuardian'],
    ['O', 'Other', 'notGuardian'],
  ])('relationship %s (%s) → %s', (code, description, role) => {
    expect(contactRole(code, description)).toBe(role);
  });

  test.each([
    ['Y', 'Full year', 'schoolYear'],
    ['S', 'Semester', 'semester'],
    ['Q', 'Quarter', 'gradingPeriod'],
    ['T', 'Trimester', 'term'],
  ])('session type %s (%s) → %s', (code, description, type) => {
    expect(sessionType(code, description)).toBe(type);
  });

  test.each([
    ['H', 'H', 'homeroom'],
    ['HR', 'Homeroom', 'homeroom'],
    ['R', 'R', 'scheduled'],
    ['Z', 'Z', undefined],
  ])('class type %s (%s) → %s', (code, description, type) => {
    expect(classTypeValue(code, description)).toBe(type);
  });
});
