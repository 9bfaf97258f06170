import { formatSourceDate, formatSourceDateTime, parseSourceDateTime } from './source-time';

describe(formatSourceDateTime.name, () => {
  test.each([
    ['2025-01-31T10:00:00.000Z', 'UTC', '2025-01-31 10:00:00'],
    ['2025-01-31T10:00:00.250Z', 'UTC', '2025-01-31 10:00:00.250'],
    ['2025-07-01T12:00:00.000Z', 'America/Chicago', '2025-07-01 07:00:00'],
    ['2025-01-15T12:00:00.000Z', 'America/Chicago', '2025-01-15 06:00:00'],
    ['2025-07-01T12:00:00.000Z', 'Europe/Berlin', '2025-07-01 14:00:00'],
  ])('%s in %s is %s', (instant, zone, wall) => {
    expect(formatSourceDateTime(new Date(instant), zone)).toBe(wall);
  });
});

describe(parseSourceDateTime.name, () => {
  test.each([
    ['2025-01-31 10:00:00', 'UTC', '2025-01-31T10:00:00.000Z'],
    ['2025-01-31T10:00:00.5', 'UTC', '2025-01-31T10:00:00.500Z'],
    ['2025-07-01 07:00:00', 'America/Chicago', '2025-07-01T12:00:00.000Z'],
    ['2025-01-15 06:00:00', 'America/Chicago', '2025-01-15T12:00:00.000Z'],
    ['2025-01-31T10:00:00+02:00', 'America/Chicago', '2025-01-31T08:00:00.000Z'],
    ['2025-01-31', 'UTC', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31 10:00:00+00', 'America/Chicago', '2025-01-31T10:00:00.000Z'],
    ['2025-01-31 10:00:00.1234567', 'UTC', '2025-01-31T10:00:00.123Z'],
  ])('%s in %s is %s', (wall, zone, instant) => {
    expect(parseSourceDateTime(wall, zone)?.toISOString()).toBe(instant);
  });

  it('passes Date objects from drivers through and refuses what is not a timestamp', () => {
    expect(parseSourceDateTime(new Date('2025-01-01T00:00:00Z'), 'UTC')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parseSourceDateTime('yesterday', 'UTC')).toBeUndefined();
    expect(parseSourceDateTime(null, 'UTC')).toBeUndefined();
  });
});

describe(formatSourceDate.name, () => {
  it('reads DATE values as text, Date or date-time text', () => {
    expect(formatSourceDate('2025-08-17')).toBe('2025-08-17');
    expect(formatSourceDate('2025-08-17 00:00:00')).toBe('2025-08-17');
    expect(formatSourceDate(new Date('2025-08-17T00:00:00Z'))).toBe('2025-08-17');
    expect(formatSourceDate('')).toBeUndefined();
  });
});
