import { GENERATION_CLOCK, randomInstant, UPDATES_FROM } from './calendar';
import type { Random } from './random';

/** Value formats a legacy SIS accumulates: local phone styles, junk, patchy audit columns. */

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Lower-case letters only, so O'Brien and Smith-Jones still make usable logins and e-mails. */
export function letters(name: string, max = 40): string {
  return name.toLowerCase().replace(/[^a-z]/g, '').slice(0, max);
}

const JUNK_PHONES = ['555-01', 'none', 'N/A', '0', 'unlisted', '555-1234 x', 'see mom', '000-000-0000'];

/** A phone in one of the local styles people typed over the years (area code 555 is fictional). */
export function localPhone(rng: Random): string {
  const exchange = pad(rng.int(200, 999), 3);
  const line = pad(rng.int(0, 9999), 4);
  switch (rng.weighted([[0, 35], [1, 35], [2, 15], [3, 15]] as const)) {
    case 0:
      return `555-${exchange}-${line}`;
    case 1:
      return `(555) ${exchange}-${line}`;
    case 2:
      return `555.${exchange}.${line}`;
    default:
      return `${exchange}${line}`;
  }
}

/** A household phone: sometimes missing, about 1% unusable junk. */
export function patchyPhone(rng: Random, nullRate: number): string | null {
  if (rng.chance(nullRate)) return null;
  if (rng.chance(0.01)) return rng.pick(JUNK_PHONES);
  return localPhone(rng);
}

const UPDATE_USERS: ReadonlyArray<readonly [string, number]> = [
  ['SYSBATCH', 40], ['CONV', 15], ['JDOE', 10], ['MSMITH', 10], ['REGISTR', 10], ['KLEE', 5], ['ATORRES', 5],
];

export interface Audit {
  LST_UPD_DT: Date | null;
  LST_UPD_USR: string | null;
}

/**
 * `LST_UPD_DT`/`LST_UPD_USR` for one row. `nullRate` is the share of rows the legacy system never
 * stamped; `notBefore` keeps the stamp after the row's creation.
 */
export function audit(rng: Random, nullRate = 0, notBefore = UPDATES_FROM): Audit {
  if (nullRate > 0 && rng.chance(nullRate)) {
    return { LST_UPD_DT: null, LST_UPD_USR: rng.chance(0.3) ? 'CONV' : null };
  }
  return {
    LST_UPD_DT: randomInstant(rng, Math.max(UPDATES_FROM, notBefore), GENERATION_CLOCK),
    LST_UPD_USR: rng.chance(0.05) ? null : rng.weighted(UPDATE_USERS),
  };
}

/** Hands out unique login names by appending 2, 3, … to repeats. */
export class UniqueNames {
  private readonly seen = new Map<string, number>();

  take(base: string): string {
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    if (count === 1) return base;
    const candidate = `${base}${count}`;
    // A suffixed name can itself collide with a base that ends in digits; keep counting.
    return this.seen.has(candidate) ? this.take(base) : (this.seen.set(candidate, 1), candidate);
  }
}
