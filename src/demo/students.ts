import { CURRENT_YEAR, LAST_EVENT_DATE, addDays, randomDate, randomInstant, startOfDayMs } from './calendar';
import type { SchoolLevel } from './course-catalog';
import { LEVEL_GRADES } from './course-catalog';
import type { DemoRow, Row } from './demo-row';
import { audit, letters, pad, patchyPhone, UniqueNames } from './formats';
import { EMAIL_DOMAINS, FEMALE_FIRST_NAMES, FOREIGN_BIRTH_PLACES, LAST_NAMES, MALE_FIRST_NAMES, US_BIRTH_PLACES } from './name-lists';
import type { Random } from './random';

/** Students with their households: contacts are shared between siblings, across schools. */

export const STUDENT_EMAIL_DOMAIN = 'students.lincolnusd.example';
const FIRST_CONTACT_ID = 500001;
const SIBLING_RATE = 0.11;
/** Households a later sibling can join; bounded so 100,000 students never pile up in memory. */
const HOUSEHOLD_POOL = 5000;
const CRT_FROM = Date.UTC(2015, 0, 1);
const CRT_UNTIL = Date.UTC(2026, 8, 1);

export interface Student {
  id: string;
  grade: string;
  status: 'A' | 'W' | 'G' | 'P';
  entry: string;
  withdrawn: string | null;
  /** At this school last year too, so it has prior-year rosters. */
  returning: boolean;
  row: Row;
}

interface ContactLink {
  id: number;
  rel: string;
  custody: string;
  emergency: string;
  livesWith: string;
}

interface Household {
  lastName: string;
  homePhone: string | null;
  contacts: ContactLink[];
}

const RELATIONSHIPS: ReadonlyArray<readonly [string, number]> = [['M', 40], ['F', 35], ['G', 10], ['S', 5], ['R', 5], ['O', 3], ['E', 2]];
const CUSTODIAL = new Set(['M', 'F', 'G', 'S']);
const SAME_SURNAME: Record<string, number> = { M: 0.8, F: 0.95, G: 0.5, S: 0.3, R: 0.6, O: 0.2, E: 0.1 };
const LIVES_WITH: Record<string, number> = { M: 0.9, F: 0.8, G: 0.85, S: 0.7, R: 0.2, O: 0.05, E: 0 };
const NICKNAMES = ['Beth', 'Liz', 'Alex', 'Sam', 'Max', 'Danny', 'Katie', 'JJ', 'Bo', 'Mo', 'Nico', 'Tess', 'Ike', "Li'l Mike"];
const LANGUAGES: ReadonlyArray<readonly [string | null, number]> = [['EN', 75], ['ES', 15], ['VI', 2], ['ZH', 2], ['TL', 1], ['AR', 1], [null, 4]];
const RACES: ReadonlyArray<readonly [string, number]> = [['WH', 52], ['BL', 14], ['AS', 11], ['AI', 2], ['PI', 1], ['TWO', 8], ['NONE', 2]];
const RACE_FLAGS = ['AI', 'AS', 'BL', 'PI', 'WH'];

const yn = (value: boolean) => (value ? 'Y' : 'N');
const gradeIndex = (grade: string) => (grade === 'K' ? 0 : Number(grade));

export class StudentFactory {
  private nextStudent = 1;
  private nextContact = FIRST_CONTACT_ID;
  private readonly households: Household[] = [];
  private readonly logins = new UniqueNames();

  constructor(private readonly rng: Random) {}

  /** A student of the given school and grade; the household's new contact rows go to `out`. */
  create(level: SchoolLevel, schoolCode: string, grade: string, out: DemoRow[]): Student {
    const rng = this.rng;
    const id = pad(this.nextStudent++, 7);
    const household = this.household(out);
    const gender = rng.weighted([['M', 49.4], ['F', 49.4], ['X', 1], [null, 0.2]] as const);
    const names = gender === 'F' || (gender !== 'M' && rng.chance(0.5)) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
    const first = rng.pick(names);
    const login = this.logins.take(`${letters(first)[0]}${letters(household.lastName, 12)}${id.slice(-5)}`);
    const g = gradeIndex(grade);
    const status = this.status(level, grade);
    const dates = this.dates(level, g, status);
    const born = this.birthPlace();
    const race = rng.weighted(RACES);
    const second = race === 'TWO' ? rng.pick(RACE_FLAGS.filter((r) => r !== 'WH')) : null;

    const row: Row = {
      STU_ID: id,
      ST_STU_ID: String(1_000_000_000 + ((this.nextStudent * 1_234_567_891) % 9_000_000_000)),
      FRST_NM: first,
      MID_NM: rng.chance(0.7) ? rng.pick(names) : null,
      LST_NM: household.lastName,
      NICK_NM: rng.chance(0.05) ? rng.pick(NICKNAMES) : null,
      BRTH_DT: birthDate(rng, g),
      GNDR: gender,
      GRD_CD: grade,
      SCH_CD: schoolCode,
      HMRM: null,
      LOGIN_ID: login,
      EMAIL_ADDR: g >= 3 ? `${login}@${STUDENT_EMAIL_DOMAIN}` : null,
      HOME_PHN: household.homePhone,
      ENR_STAT: status,
      ENTRY_DT: dates.entry,
      WDRL_DT: dates.withdrawn,
      DEL_FLG: yn(rng.chance(0.005)),
      FRL_CD: rng.weighted([['F', 35], ['R', 10], ['N', 55]] as const),
      IEP_FLG: yn(rng.chance(0.12)),
      ELL_FLG: yn(rng.chance(born.abroad ? 0.5 : 0.05)),
      S504_FLG: yn(rng.chance(0.04)),
      HMLS_FLG: yn(rng.chance(0.02)),
      GT_FLG: yn(rng.chance(0.07)),
      HISP_FLG: yn(rng.chance(0.25)),
      ...Object.fromEntries(RACE_FLAGS.map((r) => [`RACE_${r}`, yn(race === r || (race === 'TWO' && (r === 'WH' || r === second)))])),
      BRTH_CNTRY: born.country,
      BRTH_ST: born.state,
      BRTH_CITY: born.city,
      // From the id, not the generator's random stream, so the rest of the district stays as it was.
      RES_CD: Number(id) % 97 === 0 ? 'S' : Number(id) % 13 === 0 ? 'O' : 'A',
      CRT_DT: dates.created,
      ...audit(rng, 0.15, dates.created.getTime()),
    };

    for (const [seq, link] of household.contacts.entries()) {
      out.push({
        table: 'STU_CNTCT',
        row: {
          STU_ID: id,
          CNTCT_ID: link.id,
          REL_CD: link.rel,
          CUST_FLG: link.custody,
          EMRG_FLG: link.emergency,
          LIVES_W_FLG: link.livesWith,
          CNTCT_SEQ: seq + 1,
          ...audit(rng),
        },
      });
    }
    return { id, grade, status, entry: dates.entry, withdrawn: dates.withdrawn, returning: dates.returning, row };
  }

  private status(level: SchoolLevel, grade: string): Student['status'] {
    // Early graduates keep their senior record until the year-end purge.
    if (level === 'H' && grade === '12' && this.rng.chance(0.04)) return 'G';
    return this.rng.weighted([['A', 97], ['W', 2], ['P', 1]] as const);
  }

  private dates(level: SchoolLevel, g: number, status: Student['status']) {
    const rng = this.rng;
    if (status === 'P') {
      const created = randomInstant(rng, Date.UTC(2026, 5, 1), CRT_UNTIL);
      return { entry: randomDate(rng, '2026-11-02', '2027-01-19'), withdrawn: null, returning: false, created };
    }
    const lowest = gradeIndex(LEVEL_GRADES[level][0]);
    const returning = g > lowest && !rng.chance(0.1);
    let entryYear = 2026;
    let entry: string;
    if (returning) {
      entryYear = 2026 - rng.int(1, g - lowest);
      entry = rng.chance(0.8) ? `${entryYear}-08-18` : randomDate(rng, `${entryYear}-08-18`, `${entryYear + 1}-05-15`);
    } else {
      entry = rng.chance(0.8) ? CURRENT_YEAR.begin : randomDate(rng, CURRENT_YEAR.begin, '2026-10-16');
    }
    const withdrawn = status === 'W' ? randomDate(rng, maxDate(addDays(entry, 7), '2026-08-24'), LAST_EVENT_DATE) : null;
    // The record was created when the student first registered in the district, at or before entry.
    const districtYear = rng.int(Math.max(2015, Math.min(entryYear, 2026 - g)), entryYear);
    const createdFrom = Math.max(CRT_FROM, Date.UTC(districtYear, 2, 1));
    const createdTo = Math.min(CRT_UNTIL, startOfDayMs(entry) + 86_400_000);
    return { entry, withdrawn: withdrawn && withdrawn > LAST_EVENT_DATE ? LAST_EVENT_DATE : withdrawn, returning, created: randomInstant(rng, createdFrom, createdTo) };
  }

  private birthPlace() {
    const rng = this.rng;
    const roll = rng.next();
    if (roll < 0.9) {
      const [city, state] = rng.pick(US_BIRTH_PLACES);
      return { abroad: false, country: 'US', state: rng.chance(0.85) ? state : null, city: rng.chance(0.9) ? city : null };
    }
    if (roll < 0.97) {
      const [country, city] = rng.pick(FOREIGN_BIRTH_PLACES);
      return { abroad: true, country, state: null, city };
    }
    return { abroad: false, country: null, state: null, city: null };
  }

  /** An existing household (a sibling) or a new one with 1-3 contacts. */
  private household(out: DemoRow[]): Household {
    const rng = this.rng;
    if (this.households.length > 0 && rng.chance(SIBLING_RATE)) return rng.pick(this.households);

    const lastName = rng.pick(LAST_NAMES);
    const homePhone = patchyPhone(rng, 0.05);
    const household: Household = { lastName, homePhone, contacts: [] };
    const used = new Set<string>();
    const count = rng.weighted([[1, 40], [2, 50], [3, 10]] as const);
    for (let i = 0; i < count; i++) {
      let rel = rng.weighted(RELATIONSHIPS);
      // Households rarely list two mothers; re-roll a repeated M/F a couple of times.
      for (let tries = 0; tries < 2 && used.has(rel) && (rel === 'M' || rel === 'F'); tries++) rel = rng.weighted(RELATIONSHIPS);
      used.add(rel);
      household.contacts.push(this.contact(rel, lastName, homePhone, out));
    }
    if (this.households.length < HOUSEHOLD_POOL) this.households.push(household);
    else this.households[rng.int(0, HOUSEHOLD_POOL - 1)] = household;
    return household;
  }

  private contact(rel: string, familyName: string, homePhone: string | null, out: DemoRow[]): ContactLink {
    const rng = this.rng;
    const id = this.nextContact++;
    const female = rel === 'M' ? true : rel === 'F' ? false : rng.chance(0.6);
    const first = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const last = rng.chance(SAME_SURNAME[rel]) ? familyName : rng.pick(LAST_NAMES);
    out.push({
      table: 'CNTCT_MSTR',
      row: {
        CNTCT_ID: id,
        FRST_NM: first,
        LST_NM: last,
        EMAIL: rng.chance(0.95) ? `${letters(first)}.${letters(last)}${id - FIRST_CONTACT_ID + 1}@${rng.pick(EMAIL_DOMAINS)}` : null,
        HOME_PHN: rng.chance(0.85) ? homePhone : patchyPhone(rng, 0.5),
        CELL_PHN: patchyPhone(rng, 0.15),
        WRK_PHN: rng.chance(0.3) ? patchyPhone(rng, 0) : null,
        LANG_CD: rng.weighted(LANGUAGES),
        DEL_FLG: yn(rng.chance(0.005)),
        ...audit(rng, 0.15),
      },
    });
    return {
      id,
      rel,
      custody: yn(CUSTODIAL.has(rel)),
      emergency: yn(rel === 'E' || rng.chance(0.3)),
      livesWith: yn(rng.chance(LIVES_WITH[rel])),
    };
  }
}

/** Age on September 1 of the current school year is 5 + grade; a few were held back a year. */
function birthDate(rng: Random, g: number): string {
  const heldBack = rng.chance(0.03) ? 1 : 0;
  const year = 2026 - 5 - g - heldBack;
  return randomDate(rng, `${year - 1}-09-02`, `${year}-09-01`);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
