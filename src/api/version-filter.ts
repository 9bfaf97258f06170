import type { FilterExpression, FilterPredicate } from '../filter';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { EntityName } from '../oneroster/entity-catalogue';
import { fieldSpec } from '../oneroster/entity-catalogue';
import { HiddenFields, mappedVocabularyValues, NOTHING_HIDDEN, publicField } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';

/**
 * A client's filter, written in a version's field names and values, as the same filter over the
 * mapped fields: 1.2's `roles.role='teacher'` becomes `role='teacher'`, 1.1's
 * `role='administrator'` becomes an OR over the 1.2 administrator roles a mapping may produce.
 * A field the version does not serve is unknown, whatever the mapping has.
 */
export function filterForVersion(version: OneRosterVersion, entity: EntityName, filter: FilterExpression, hidden: HiddenFields = NOTHING_HIDDEN): FilterExpression {
  if (filter.kind === 'logical') return { ...filter, operands: filter.operands.map((operand) => filterForVersion(version, entity, operand, hidden)) };
  return predicateForVersion(version, entity, filter, hidden);
}

/** A field hidden from the client is as unknown as one that does not exist: its values cannot be probed through filters. */
function predicateForVersion(version: OneRosterVersion, entity: EntityName, predicate: FilterPredicate, hidden: HiddenFields): FilterExpression {
  const field = publicField(version, entity, predicate.path[0], hidden);
  if (!field) throw unknownFilterField(predicate, entity);
  let path = predicate.path;
  if (field.filterPaths) {
    const target = field.filterPaths[predicate.path.join('.')];
    if (!target) throw unknownFilterField(predicate, entity);
    path = target.split('.');
  }
  const mapped: FilterPredicate = { ...predicate, field: path.join('.'), path };
  const spec = fieldSpec(entity, path[0]);
  if (path.length > 1 || spec?.type.kind !== 'enum' || !['=', '!='].includes(predicate.operator)) return mapped;

  const values = mappedVocabularyValues(version, entity, path[0], predicate.value);
  if (values.length === 0) {
    throw OneRosterRequestError.invalidData(
      `invalid filter at column ${predicate.valuePosition.column}: '${predicate.value.slice(0, 40)}' is not a OneRoster ${version.label} value for ${predicate.field}`,
    );
  }
  if (values.length === 1) return { ...mapped, value: values[0] };
  return {
    kind: 'logical',
    operator: predicate.operator === '=' ? 'OR' : 'AND',
    operands: values.map((value) => ({ ...mapped, value })),
    position: predicate.position,
  };
}

function unknownFilterField(predicate: FilterPredicate, entity: EntityName): OneRosterRequestError {
  return new OneRosterRequestError('invalid_filter_field', `invalid filter at column ${predicate.position.column}: unknown field '${predicate.field}' for ${entity}`);
}
