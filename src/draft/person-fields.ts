import { describedCodes } from './code-tables';
import type { DraftContext } from './draft-context';
import type { ColumnProfile } from './database-profile';
import type { DraftField, YamlValue } from './draft-model';
import type { StatusGuess } from './status-rule';
import type { TableFacts } from './table-facts';
import { gradeValue, staffRole } from './vocabulary-guesses';

/**
 * The user fields every person table maps the same way: names, login, e-mail, phone,
 * identifiers. Role, orgs and agents depend on the kind of person (draft-users.ts).
 */
export function personFields(context: DraftContext, facts: TableFacts, alias: string, status: StatusGuess, sourcedId: string): DraftField[] {
  const col = (name: string) => `${alias}.${name}`;
  const fields: DraftField[] = [];
  const login = facts.first('username');
  const email = facts.first('email');
  fields.push(usernameField(login, email, col, sourcedId));

  const key = context.keyOf(facts)!;
  const stateId = facts.first('stateId');
  const employee = facts.first('employeeNumber');
  const sisId: YamlValue = employee ? col(employee.name) : key.columns.length === 1 ? col(key.columns[0]) : { template: key.columns.map((column) => `{${col(column)}}`).join('-') };
  fields.push({
    name: 'userIds',
    value: { SIS: sisId, ...(stateId ? { stateId: col(stateId.name) } : {}) },
    guess: `SIS: ${employee ? employee.name : key.columns.join(', ')}${stateId ? `; stateId: ${stateId.name}` : ''}`,
  });
  fields.push(
    status.active
      ? { name: 'enabledUser', value: { is: status.active.condition }, guess: `enabled while active: ${status.active.guess}` }
      : { name: 'enabledUser', value: true, guess: `no active flag or status code in ${facts.name}: every user is enabled` },
  );
  fields.push({ name: 'givenName', value: col(facts.first('givenName')!.name), guess: `${facts.first('givenName')!.name} looks like a first name` });
  fields.push({ name: 'familyName', value: col(facts.first('familyName')!.name), guess: `${facts.first('familyName')!.name} looks like a last name` });
  const middle = facts.first('middleName');
  if (middle) fields.push({ name: 'middleName', value: col(middle.name), guess: `${middle.name} looks like a middle name` });
  const preferred = facts.first('preferredName');
  if (preferred) fields.push({ name: 'preferredFirstName', value: col(preferred.name), guess: `${preferred.name} looks like a preferred/nick name (served in OneRoster 1.2 only)` });
  fields.push({
    name: 'identifier',
    value: stateId ? col(stateId.name) : sisId,
    guess: stateId ? `${stateId.name} looks like the state id` : `the SIS id (no state id column found)`,
  });
  if (email) fields.push({ name: 'email', value: { lower: col(email.name) }, guess: `${email.name} looks like an e-mail address` });
  const phones = facts.all('phone');
  const phone = phones.find((column) => !/cell|mob|sms/i.test(column.name)) ?? phones[0];
  const mobile = phones.find((column) => /cell|mob|sms/i.test(column.name) && column !== phone);
  if (phone) fields.push({ name: 'phone', value: col(phone.name), guess: `${phone.name} looks like a phone number (served as stored; { e164: ${col(phone.name)}, countryCode: 1 } serves E.164, as SDS wants)` });
  if (mobile) fields.push({ name: 'sms', value: col(mobile.name), guess: `${mobile.name} looks like a mobile number` });
  return fields;
}

/**
 * username is required: the login column, else the e-mail, and where those may be NULL the
 * sourcedId after them, so no record is served without one.
 */
function usernameField(login: ColumnProfile | undefined, email: ColumnProfile | undefined, col: (name: string) => string, sourcedId: string): DraftField {
  const candidates: Array<{ value: YamlValue; column: ColumnProfile }> = [
    ...(login ? [{ value: col(login.name), column: login }] : []),
    ...(email ? [{ value: { lower: col(email.name) }, column: email }] : []),
  ];
  if (candidates.length === 0) return { name: 'username', value: { template: sourcedId }, guess: 'no login or e-mail column; the sourcedId stands in' };
  const chosen = candidates[0];
  const because = login ? `${login.name} looks like a login name` : `no login column; the e-mail ${email!.name} stands in`;
  if (!chosen.column.nullable) return { name: 'username', value: chosen.value, guess: because };
  const values = [...candidates.map((candidate) => candidate.value), { template: sourcedId }];
  return { name: 'username', value: { coalesce: values }, guess: `${because}; ${chosen.column.name} may be NULL, so ${values.length > 2 ? `the e-mail, then ` : ''}the sourcedId stands in` };
}

/** grades: [{ map: S.GRD_CD, values: { K: KG, '1': '01', … } }] from the code table or the sampled codes. */
export function gradesField(context: DraftContext, facts: TableFacts, alias: string): { field?: DraftField; unread: string[] } {
  const grade = facts.first('grade');
  if (!grade) return { unread: [] };
  const { codes, from } = describedCodes(context.profile, facts.table, grade.name);
  const values: Record<string, string> = {};
  const unread: string[] = [];
  for (const [code, description] of codes) {
    const value = gradeValue(code, description);
    if (value) values[code] = value;
    else unread.push(code);
  }
  if (Object.keys(values).length === 0) return { unread };
  return {
    field: {
      name: 'grades',
      value: [{ map: `${alias}.${grade.name}`, values }],
      guess: `${grade.name} holds grade levels; codes → OneRoster grades from the ${from}${unread.length > 0 ? `; not understood, so left out: ${unread.join(', ')}` : ''}`,
    },
    unread,
  };
}

/** role of a staff member: the staff type's codes mapped to OneRoster roles, else teacher. */
export function staffRoleField(context: DraftContext, facts: TableFacts, alias: string): DraftField {
  const type = facts.first('personType') ?? facts.first('jobTitle');
  if (!type) return { name: 'role', value: 'teacher', guess: `no staff type column in ${facts.name}: every staff member is served as a teacher` };
  const { codes, from } = describedCodes(context.profile, facts.table, type.name);
  const values: Record<string, string> = {};
  const unread: string[] = [];
  for (const [code, description] of codes) {
    const role = staffRole(code, description);
    if (role) values[code] = role;
    else unread.push(code);
  }
  if (Object.keys(values).length === 0) return { name: 'role', value: 'teacher', guess: `${type.name}'s values (${unread.join(', ')}) name no OneRoster role: served as teacher` };
  const described = Object.entries(values).map(([code, role]) => `${code}${codes.get(code) !== code ? ` (${codes.get(code)})` : ''} → ${role}`);
  return {
    name: 'role',
    value: { map: `${alias}.${type.name}`, values, default: 'teacher' },
    guess: `${type.name} is the staff type (${from}): ${described.join(', ')}${unread.length > 0 ? `; others (${unread.join(', ')}) → teacher` : ''}; administrators use 1.2 names, which 1.1 serves as administrator`,
  };
}
