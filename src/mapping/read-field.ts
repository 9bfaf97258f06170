import { EntityTracking, Expr, FieldMapping, MetadataValue, NO_TRACKING } from './compiled-mapping';
import { ENTITY_CATALOGUE, EntityName, FieldSpec } from '../oneroster/entity-catalogue';
import { readCondition } from './read-condition';
import { AliasScope, readExpression } from './read-expression';
import { readList } from './read-list';
import { closest, YamlCursor } from './yaml-cursor';

/** Fields every source must map itself; `status` defaults to `active` when a source has no deletion notion. */
const ALWAYS_REQUIRED = new Set(['sourcedId', 'dateLastModified']);
const DEFAULTED = new Set(['status']);

/** Reads a source's `fields:` object against the entity's OneRoster field catalogue. */
export function readFields(cursor: YamlCursor, entity: EntityName, scope: AliasScope, tracking: EntityTracking = NO_TRACKING): Map<string, FieldMapping> | undefined {
  if (!cursor.isMap()) {
    cursor.error('MAPPING_WRONG_TYPE', 'fields must be an object from OneRoster field names to expressions');
    return undefined;
  }
  const catalogue = ENTITY_CATALOGUE[entity].fields;
  const names = catalogue.map((field) => field.name);
  const fields = new Map<string, FieldMapping>();
  let ok = true;
  for (const [name, value] of cursor.entries()) {
    const spec = catalogue.find((field) => field.name === name);
    if (!spec) {
      const hint = closest(name, names);
      cursor.keyCursor(name).error('MAPPING_UNKNOWN_FIELD', `"${name}" is not a OneRoster ${entity} field${hint ? `; did you mean "${hint}"?` : ''}`);
      ok = false;
      continue;
    }
    const mapping = readField(value, spec, scope);
    if (mapping) fields.set(name, mapping);
    else ok = false;
  }
  if (tracking.lastModified && cursor.has('dateLastModified')) {
    cursor.keyCursor('dateLastModified').error(
      'MAPPING_WRONG_TYPE',
      `${entity} declares tracking.lastModified: snapshot, so dateLastModified comes from the snapshot pass; remove this mapping of it (or the tracking key)`,
    );
    ok = false;
  }
  for (const spec of catalogue) {
    if (tracking.lastModified && spec.name === 'dateLastModified') continue;
    if ((spec.required || ALWAYS_REQUIRED.has(spec.name)) && !DEFAULTED.has(spec.name) && !cursor.has(spec.name)) {
      cursor.error('MAPPING_REQUIRED_FIELD', `${entity}.${spec.name} is required by OneRoster but this source does not map it`);
      ok = false;
    }
  }
  if (!fields.has('status')) fields.set('status', { kind: 'scalar', expr: { kind: 'const', value: 'active' } });
  return ok ? fields : undefined;
}

function readField(cursor: YamlCursor, spec: FieldSpec, scope: AliasScope): FieldMapping | undefined {
  switch (spec.type.kind) {
    case 'refList':
    case 'stringList': {
      const list = readList(cursor, scope);
      return list ? { kind: 'list', list } : undefined;
    }
    case 'metadata':
      return readMetadata(cursor, scope);
    case 'identifierList':
      return readIdentifiers(cursor, scope);
    case 'ref': {
      const expr = readScalarField(cursor, spec, scope);
      return expr ? { kind: 'ref', expr } : undefined;
    }
    default: {
      const expr = readScalarField(cursor, spec, scope);
      if (!expr) return undefined;
      if (spec.type.kind === 'enum') checkEnumValues(cursor, expr, spec.name, spec.type.values);
      return { kind: 'scalar', expr };
    }
  }
}

function readScalarField(cursor: YamlCursor, spec: FieldSpec, scope: AliasScope): Expr | undefined {
  if (cursor.isSeq()) {
    cursor.error('MAPPING_FIELD_SHAPE', `${spec.name} holds one value, not a list`);
    return undefined;
  }
  return readExpression(cursor, scope);
}

/** Every constant an enum field can produce must be in the OneRoster vocabulary. */
function checkEnumValues(cursor: YamlCursor, expr: Expr, field: string, allowed: readonly string[]): void {
  for (const value of producedConstants(expr)) {
    if (value !== null && !allowed.includes(String(value))) {
      const hint = closest(String(value), allowed);
      cursor.error('MAPPING_ENUM_VALUE', `"${value}" is not a OneRoster value for ${field} (allowed: ${allowed.join(', ')})${hint ? `; did you mean "${hint}"?` : ''}`);
    }
  }
}

export function producedConstants(expr: Expr): Array<string | number | boolean | null> {
  switch (expr.kind) {
    case 'const':
      return [expr.value];
    case 'map':
      return [...Object.values(expr.values), expr.default];
    case 'case':
      return [...expr.whens.flatMap((branch) => producedConstants(branch.then)), ...producedConstants(expr.else)];
    case 'coalesce':
      return expr.exprs.flatMap(producedConstants);
    default:
      return [];
  }
}

/** `userIds: { SIS: S.STU_ID, LDAP: { lower: S.LOGIN_ID } }`: one identifier per type, left out when NULL. */
function readIdentifiers(cursor: YamlCursor, scope: AliasScope): FieldMapping | undefined {
  if (!cursor.isMap() || cursor.entries().length === 0) {
    cursor.error('MAPPING_WRONG_TYPE', 'userIds must be an object from identifier types (e.g. SIS, LDAP) to expressions');
    return undefined;
  }
  const entries = new Map<string, Expr>();
  for (const [type, value] of cursor.entries()) {
    const expr = readExpression(value, scope);
    if (!expr) return undefined;
    entries.set(type, expr);
  }
  return { kind: 'identifiers', entries };
}

function readMetadata(cursor: YamlCursor, scope: AliasScope): FieldMapping | undefined {
  if (!cursor.isMap()) {
    cursor.error('MAPPING_WRONG_TYPE', 'metadata must be an object from property names to expressions');
    return undefined;
  }
  const entries = new Map<string, MetadataValue>();
  for (const [key, value] of cursor.entries()) {
    if (value.isMap() && value.has('flags')) {
      if (!value.checkKeys(['flags'], ['flags'], 'a flags list')) return undefined;
      const flagsCursor = value.get('flags')!;
      if (!flagsCursor.isMap()) {
        flagsCursor.error('MAPPING_WRONG_TYPE', 'flags takes an object from flag names to conditions');
        return undefined;
      }
      const flags = flagsCursor.entries().map(([name, condition]) => ({ name, when: readCondition(condition, scope) }));
      if (flags.some((flag) => !flag.when)) return undefined;
      entries.set(key, { kind: 'flags', flags: flags as Array<{ name: string; when: never }> });
    } else {
      const expr = readExpression(value, scope);
      if (!expr) return undefined;
      entries.set(key, { kind: 'scalar', expr });
    }
  }
  return { kind: 'metadata', entries };
}
