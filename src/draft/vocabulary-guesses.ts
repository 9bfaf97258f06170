/**
 * Legacy codes → OneRoster vocabulary. Each function reads one code and what it means (a code
 * table's description, or the code itself when there is none) and answers undefined when it
 * cannot tell; the caller lists those codes in the guess comment for the integrator.
 */

type Rule<T> = readonly [RegExp, T];

function firstMatch<T>(rules: ReadonlyArray<Rule<T>>, code: string, description: string): T | undefined {
  const texts = description.trim() === code.trim() ? [code.trim()] : [description.trim(), code.trim()];
  for (const text of texts) {
    const hit = rules.find(([pattern]) => pattern.test(text));
    if (hit) return hit[1];
  }
  return undefined;
}

export type SexValue = 'male' | 'female' | 'unspecified' | 'other';

const SEX_RULES: ReadonlyArray<Rule<SexValue>> = [
  [/^(m|male|man|boy|masculine)$/i, 'male'],
  [/^(f|female|woman|girl|feminine)$/i, 'female'],
  [/^(o|other|non-?binary|nb)$/i, 'other'],
  [/^(x|u|n)$|^(unknown|unspecified|not specified|not stated|undisclosed|declined|prefer not|n\/a)/i, 'unspecified'],
];

export function sexValue(code: string, description: string): SexValue | undefined {
  return firstMatch(SEX_RULES, code, description);
}

/** OneRoster's grade codes (CEDS): IT, PR, PK, TK, KG, 01 … 13, PS, UG, Other. */
export function gradeValue(code: string, description: string): string | undefined {
  const texts = [code.trim(), description.trim()];
  for (const text of texts) {
    if (/^(pk|pre-?k|pre-?kindergarten|p|prek\d?|ps)$/i.test(text)) return 'PK';
    if (/^(tk|transitional kindergarten)$/i.test(text)) return 'TK';
    if (/^(k|kg|kn|0|00|kindergarten|kinder)$/i.test(text)) return 'KG';
    if (/^(it|infant|toddler|infant\/toddler)$/i.test(text)) return 'IT';
    if (/^(ug|ungraded)$/i.test(text)) return 'UG';
    const number = /^(?:grade\s*|gr\.?\s*)?0?(\d{1,2})(?:st|nd|rd|th)?(?:\s*grade)?$/i.exec(text);
    if (number && Number(number[1]) >= 1 && Number(number[1]) <= 13) return number[1].padStart(2, '0');
  }
  return undefined;
}

/** What a status code says about a record: served active, served tobedeleted, or not served at all (not yet enrolled). */
export type StatusMeaning = 'active' | 'inactive' | 'notYet';

const STATUS_RULES: ReadonlyArray<Rule<StatusMeaning>> = [
  [/pre-?reg|pre-?enrol|pending|applicant|applied|future|incoming|waitlist|wait list|prospect|inquiry|not yet/i, 'notYet'],
  [/^(a|act|actv|active|enrolled|enr|e|current|open|c)$/i, 'active'],
  [/^active|enrolled|current|in school|attending/i, 'active'],
  [/withdr|inactive|graduat|deleted|delete|transfer|left|dropped|drop|expel|deceased|no.?show|closed|terminated|retired|resigned|archiv|former|suspend|leave|exited|exit|completed|^(i|d|w|x|t|g|r|inact|del|wd)$/i, 'inactive'],
];

export function statusMeaning(code: string, description: string): StatusMeaning | undefined {
  return firstMatch(STATUS_RULES, code, description);
}

const STAFF_ROLE_RULES: ReadonlyArray<Rule<string>> = [
  [/principal/i, 'principal'],
  [/counsel/i, 'counselor'],
  [/district|superintendent|central office/i, 'districtAdministrator'],
  [/aide|para|assistant|helper|^i$/i, 'aide'],
  [/admin|director|dean|head|coordinator|^a$/i, 'siteAdministrator'],
  [/proctor|monitor|examiner/i, 'proctor'],
  [/teach|instructor|faculty|educator|substitute|^sub|lecturer|^t$|^s$/i, 'teacher'],
];

/** A staff type → a OneRoster role (1.2 names for administrators; 1.1 serves them as administrator). */
export function staffRole(code: string, description: string): string | undefined {
  return firstMatch(STAFF_ROLE_RULES, code, description);
}

export type ContactRole = 'parent' | 'guardian' | 'relative' | 'notGuardian';

const CONTACT_ROLE_RULES: ReadonlyArray<Rule<ContactRole>> = [
  [/emergency|^others?\b|doctor|physician|neighbo|friend|caseworker|babysit|daycare|^e$|^o$/i, 'notGuardian'],
  [/guardian|custod|foster|^g$/i, 'guardian'],
  // Before parents: a grandparent is a relative.
  [/grand|aunt|uncle|sibling|brother|sister|cousin|relative|family|^r$/i, 'relative'],
  [/mother|father|parent|mom|dad|step|^m$|^f$|^p$|^s$/i, 'parent'],
];

/** A relationship code of a student–contact link → the contact's OneRoster role, or notGuardian for contacts that are not. */
export function contactRole(code: string, description: string): ContactRole | undefined {
  return firstMatch(CONTACT_ROLE_RULES, code, description);
}

const SESSION_TYPE_RULES: ReadonlyArray<Rule<string>> = [
  [/year|annual|^y$|^fy$/i, 'schoolYear'],
  [/semester|^s$|^sem/i, 'semester'],
  [/quarter|marking|grading|report|^q$|^mp$|^gp$|^qtr/i, 'gradingPeriod'],
  [/trimester|term|session|^t$|^tri/i, 'term'],
];

export function sessionType(code: string, description: string): string | undefined {
  return firstMatch(SESSION_TYPE_RULES, code, description);
}

const CLASS_TYPE_RULES: ReadonlyArray<Rule<'homeroom' | 'scheduled'>> = [
  [/home\s*room|advisory|^h$|^hr$/i, 'homeroom'],
  [/regular|scheduled|course|class|section|^r$|^s$|^c$/i, 'scheduled'],
];

export function classTypeValue(code: string, description: string): 'homeroom' | 'scheduled' | undefined {
  return firstMatch(CLASS_TYPE_RULES, code, description);
}
