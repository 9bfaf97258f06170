import type { EntityName } from '../oneroster/entity-catalogue';
import { HiddenFields, NOTHING_HIDDEN, publicFields, vocabularyValue } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';
import type { OneRosterRecord } from './record-serializer';

/**
 * A record of mapped fields as one version shows it: only the fields the version serves (and the
 * client selected), in the version's order, with its boolean form and vocabulary, and 1.2's
 * `roles[]` built from the user's role and orgs.
 */
export function presentRecord(
  version: OneRosterVersion,
  entity: EntityName,
  record: OneRosterRecord,
  selected: readonly string[] | undefined,
  hidden: HiddenFields = NOTHING_HIDDEN,
): OneRosterRecord {
  const out: OneRosterRecord = {};
  for (const field of publicFields(version, entity, hidden)) {
    if (selected && !selected.includes(field.name)) continue;
    if (field.type.kind === 'roles') {
      out[field.name] = roles(version, record);
      continue;
    }
    let value = record[field.name];
    if (field.type.kind === 'metadata' && value !== undefined && hidden.size > 0) value = withoutHiddenKeys(value as Record<string, unknown>, hidden);
    if (value === undefined) continue;
    if (field.type.kind === 'enum') value = vocabularyValue(version, entity, field.name, String(value));
    else if (field.type.kind === 'boolean' && version.booleans === 'string') value = String(value);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

/**
 * One primary role per org (the 1.2 rule: one, and only one, primary role for each org). The
 * mapping gives a user one role, so it is the role in each of the user's orgs.
 */
function roles(version: OneRosterVersion, record: OneRosterRecord): Array<Record<string, unknown>> {
  const role = record.role === undefined ? undefined : vocabularyValue(version, 'users', 'role', String(record.role));
  const orgs = (record.orgs as Array<Record<string, unknown>> | undefined) ?? [];
  if (role === undefined) return [];
  return orgs.map((org) => ({ roleType: 'primary', role, org }));
}

/** `metadata.<key>` entries of a client's hidden fields; metadata left empty is left out. */
function withoutHiddenKeys(metadata: Record<string, unknown>, hidden: HiddenFields): Record<string, unknown> | undefined {
  const kept = Object.entries(metadata).filter(([key]) => !hidden.has(`metadata.${key}`));
  return kept.length ? Object.fromEntries(kept) : undefined;
}
