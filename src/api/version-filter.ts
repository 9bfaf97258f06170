import type { FilterExpression, FilterPredicate } from '../filter';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { EntityName } from '../oneroster/entity-catalogue';
import { fieldSpec } from '../oneroster/entity-catalogue';
import { mappedVocabularyValues, publicField } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';

/**
 * A client's filter, written in a version's field names and values, as the same filter over the
 * mapped fields: 1.2's `roles.role='teacher'` becomes `role='teacher'`, 1.1's
 * `role='administrator'` becomes an OR over the 1.2 administrator roles a mapping may produce.
 * A field the version does not serve is unknown, whatever the mapping has.
 */
export function filterForVersion(version: OneRosterVersion, entity: EntityName, filter: FilterExpression): FilterExpression {
  if (filter.kind === 'logical') return { ...filter, operands: filter.operands.map((operand) => filterForVersion(version, entity, operand)) };
  return predicateForVersion(version, entity, filter);
}

function predicateForVersion(version: OneRosterVersion, entity: EntityName, predicate: FilterPredicate): FilterExpression {
  const field = publicField(version, entity, predicate.path[0]);
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
