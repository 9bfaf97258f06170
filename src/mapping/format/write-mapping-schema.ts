import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENTITY_CATALOGUE, ENTITY_NAMES, EntityName, FieldSpec } from '../../oneroster/entity-catalogue';

/**
 * `oneroster-adapter mappings schema [out.json]` writes the JSON Schema (draft-07)
 * of the mapping format to `mappings/mapping.schema.json`, where editors find it through the
 * `# yaml-language-server: $schema=…` line of each mapping file.
 *
 * The per-entity field lists come from the OneRoster catalogue, so the schema cannot drift from
 * it; `mapping-schema.spec.ts` fails when the committed file differs from what this builds. The
 * rest mirrors the readers in `src/mapping/`: the schema sees shapes, names and vocabularies; the
 * compiler alone sees aliases, duplicate names and the columns of declared rows.
 */

type JsonSchema = { [keyword: string]: unknown };

export const MAPPING_SCHEMA_FILE = resolve(__dirname, '../../../mappings/mapping.schema.json');

/** The same rules as the compiler's regular expressions (read-source.ts, read-expression.ts). */
const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_$#]*$';
const TABLE_NAME = '^[A-Za-z_][A-Za-z0-9_$#]*(\\.[A-Za-z_][A-Za-z0-9_$#]*)?$';
const COLUMN_REF_BODY = '[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_$#]*';
const COLUMN_REF = `^${COLUMN_REF_BODY}$`;
/** Literal text, `{{`/`}}` for literal braces, and `{ALIAS.COLUMN}` placeholders. */
const TEMPLATE = `^([^{}]|\\{\\{|\\}\\}|\\{\\s*${COLUMN_REF_BODY}\\s*\\})*$`;

/** Fields a source must map (read-field.ts): the catalogue's required ones, ids and timestamps; `status` defaults to active. */
const ALWAYS_REQUIRED = new Set(['sourcedId', 'dateLastModified']);
const DEFAULTED = new Set(['status']);

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const described = (description: string, name: string): JsonSchema => ({ description, allOf: [ref(name)] });

/** An object with one expression key (and its companions): `{ key: body, …companions }`. */
/** Related rows that yield a value (a child-table list, a `first` expression): what read-related-rows.ts reads. */
function relatedValue(head: JsonSchema, value: string, orderBy: string): JsonSchema {
  return {
    ...head,
    type: 'object',
    properties: {
      table: ref('tableName'),
      alias: ref('alias'),
      joins: ref('joins'),
      on: ref('childOn'),
      where: ref('where'),
      value: described(value, 'expression'),
      orderBy: { description: orderBy, anyOf: [ref('expressionList'), ref('expression')] },
    },
    required: ['table', 'alias', 'on', 'value'],
    additionalProperties: false,
  };
}

function expressionForm(key: string, description: string, body: JsonSchema, companions: Record<string, JsonSchema> = {}, required: string[] = []): JsonSchema {
  return {
    description,
    type: 'object',
    properties: { [key]: body, ...companions },
    required: [key, ...required],
    additionalProperties: false,
  };
}

export function buildMappingSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'OneRoster adapter mapping file (format version 1)',
    description:
      'How rows of a legacy SIS database become one OneRoster entity. Generated from src/oneroster/entity-catalogue.ts by src/mapping/format/write-mapping-schema.ts; do not edit by hand.',
    type: 'object',
    properties: {
      $schema: { description: 'Where editors find this schema (optional; a `# yaml-language-server: $schema=…` comment does the same).', type: 'string' },
      version: { description: 'The mapping format version. This adapter reads version 1.', type: 'integer', const: 1 },
      entity: { description: 'The OneRoster entity this file maps; each entity is mapped in exactly one file of the folder.', type: 'string', enum: [...ENTITY_NAMES] },
      description: { description: 'Free text for the people maintaining the mapping.', type: 'string' },
      tracking: {
        description:
          "What the adapter's snapshot pass does for this entity. deletions: records that vanish from the SIS (hard deletes) are served as tobedeleted stubs in deltas. lastModified: the SIS has no last-modified column; dateLastModified is stamped when a record's content changes (the sources then map no dateLastModified).",
        type: 'object',
        properties: {
          deletions: { description: 'snapshot: serve hard-deleted records as tobedeleted stubs.', type: 'string', const: 'snapshot' },
          lastModified: { description: 'snapshot: dateLastModified from content hashes kept by the snapshot pass.', type: 'string', const: 'snapshot' },
        },
        additionalProperties: false,
      },
      sources: {
        description: 'The branches of the entity, one per SIS table (or set of declared rows); their rows are combined (UNION ALL).',
        type: 'array',
        minItems: 1,
        items: ref('source'),
      },
    },
    required: ['version', 'entity', 'sources'],
    additionalProperties: false,
    allOf: [
      ...ENTITY_NAMES.map((entity) => ({
        if: { type: 'object', properties: { entity: { const: entity } }, required: ['entity'] },
        then: {
          type: 'object',
          properties: { sources: { type: 'array', items: { type: 'object', properties: { fields: ref(fieldsDefinition(entity)) } } } },
        },
      })),
      // dateLastModified: mapped by every source, unless the snapshot pass stamps it (then never).
      {
        if: { type: 'object', properties: { tracking: { type: 'object', properties: { lastModified: { const: 'snapshot' } }, required: ['lastModified'] } }, required: ['tracking'] },
        then: { type: 'object', properties: { sources: { type: 'array', items: { type: 'object', properties: { fields: { type: 'object', not: { required: ['dateLastModified'] } } } } } } },
        else: { type: 'object', properties: { sources: { type: 'array', items: { type: 'object', properties: { fields: { type: 'object', required: ['dateLastModified'] } } } } } },
      },
    ],
    definitions: { ...structureDefinitions(), ...expressionDefinitions(), ...conditionDefinitions(), ...listDefinitions(), ...entityFieldDefinitions() },
  };
}

function structureDefinitions(): Record<string, JsonSchema> {
  return {
    source: {
      description:
        'One branch of the entity: a table (`table`) or rows declared here (`rows`), exactly one of them, with an alias, optional joins and conditions, and the OneRoster fields.',
      type: 'object',
      properties: {
        name: { description: 'A name for the source, unique in the file (shown in diagnostics and explain output).', type: 'string', minLength: 1 },
        description: { description: 'Free text for the people maintaining the mapping.', type: 'string' },
        table: ref('tableName'),
        rows: ref('rows'),
        alias: ref('alias'),
        joins: ref('joins'),
        where: ref('sourceWhere'),
        fields: { description: 'OneRoster field name → how to compute it from the source row.', type: 'object' },
      },
      required: ['name', 'alias', 'fields'],
      oneOf: [{ required: ['table'] }, { required: ['rows'] }],
      additionalProperties: false,
    },
    tableName: {
      description: 'A table or view of the SIS database, optionally schema-qualified: `STU_MSTR`, `dbo.STU_MSTR`.',
      type: 'string',
      pattern: TABLE_NAME,
    },
    alias: {
      description: 'The short name expressions use for this table, e.g. `S` in `S.LST_NM`: a plain identifier, unique within the source.',
      type: 'string',
      pattern: IDENTIFIER,
    },
    rows: {
      description: 'Rows declared in the mapping itself (e.g. a district the SIS has no table for): every row has the same column names; values are constants.',
      type: 'array',
      minItems: 1,
      items: {
        description: 'One declared row: column name → constant.',
        type: 'object',
        propertyNames: { pattern: IDENTIFIER },
        additionalProperties: ref('constant'),
      },
    },
    joins: {
      description: 'Tables joined to the source, in order; each join may refer to the aliases declared before it.',
      type: 'array',
      items: ref('join'),
    },
    join: {
      description: 'A joined table: `{ table: SCH_YR, alias: Y, on: { Y.SY_ID: S.SY_ID }, type: left }`.',
      type: 'object',
      properties: {
        table: ref('tableName'),
        alias: ref('alias'),
        on: ref('joinOn'),
        type: { description: '`inner` (the default) drops source rows without a match; `left` keeps them with NULLs.', type: 'string', enum: ['inner', 'left'] },
      },
      required: ['table', 'alias', 'on'],
      additionalProperties: false,
    },
    joinOn: {
      description: 'The join condition: `JOINED_ALIAS.COLUMN: expression` pairs over earlier aliases or constants; all pairs must match.',
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: COLUMN_REF },
      additionalProperties: ref('expression'),
    },
    where: {
      description: 'Conditions every row must meet (all of them must hold).',
      type: 'array',
      items: ref('condition'),
    },
    sourceWhere: {
      description:
        'Conditions every row of the source must meet (all of them must hold). An entry `{ require: <condition>, because: <text> }` also says why rows failing it are left out: `npm run doctor` counts them and reports them with that reason.',
      type: 'array',
      items: {
        anyOf: [
          ref('condition'),
          {
            type: 'object',
            properties: { require: ref('condition'), because: { description: 'Why rows failing the condition are not served (shown by npm run doctor).', type: 'string', minLength: 1 } },
            required: ['require', 'because'],
            additionalProperties: false,
          },
        ],
      },
    },
  };
}

function expressionDefinitions(): Record<string, JsonSchema> {
  return {
    expression: {
      description:
        'A value: `ALIAS.COLUMN` (a column), any other constant (`student`, `true`, `3`), or an object with one of column, value, template, concat, map, latest, case, coalesce, trim, lower, upper, is, first, e164.',
      anyOf: [ref('constant'), ref('expressionObject')],
    },
    expressionObject: {
      description: 'An expression written as an object with exactly one of column, value, template, concat, map, latest, case, coalesce, trim, lower, upper, is, first, e164.',
      anyOf: [
        ref('columnExpression'),
        ref('valueExpression'),
        ref('templateExpression'),
        ref('concatExpression'),
        ref('mapExpression'),
        ref('latestExpression'),
        ref('caseExpression'),
        ref('coalesceExpression'),
        ref('trimExpression'),
        ref('lowerExpression'),
        ref('upperExpression'),
        ref('isExpression'),
        ref('firstExpression'),
        ref('e164Expression'),
      ],
    },
    constant: {
      description: 'Text, a number, true/false or null. Text of the form `ALIAS.COLUMN` with a known alias reads that column; write `{ value: … }` for such text itself.',
      type: ['string', 'number', 'boolean', 'null'],
    },
    columnRef: {
      description: 'A column of an aliased table: `ALIAS.COLUMN`, e.g. `S.LST_NM`.',
      type: 'string',
      pattern: COLUMN_REF,
    },
    expressionList: {
      description: 'A non-empty list of expressions.',
      type: 'array',
      minItems: 1,
      items: ref('expression'),
    },
    columnExpression: expressionForm('column', '`{ column: S.LST_NM }`: the column, written out.', ref('columnRef')),
    valueExpression: expressionForm('value', "`{ value: 'S.X' }`: the constant itself, even if it looks like a column.", ref('constant')),
    templateExpression: expressionForm('template', '`{ template: "stu-{S.STU_ID}" }`: text with `{ALIAS.COLUMN}` placeholders; `{{` and `}}` are literal braces.', {
      description: 'Text with `{ALIAS.COLUMN}` placeholders; `{{` and `}}` stand for literal braces.',
      type: 'string',
      pattern: TEMPLATE,
    }),
    concatExpression: expressionForm('concat', '`{ concat: [A.X, A.Y], separator: " " }`: the parts joined by the separator, NULL parts skipped.', ref('expressionList'), {
      separator: { description: 'Put between the parts (default: nothing).', type: 'string' },
    }),
    mapExpression: expressionForm(
      'map',
      '`{ map: S.GNDR, values: { M: male, F: female }, default: … }`: a legacy code translated to a OneRoster value.',
      ref('expression'),
      {
        values: {
          description: 'Legacy code → OneRoster value.',
          type: 'object',
          additionalProperties: { type: ['string', 'number', 'boolean'] },
        },
        default: described('The value for codes not listed (default: null, i.e. the field is left out).', 'constant'),
      },
      ['values'],
    ),
    latestExpression: expressionForm('latest', '`{ latest: [A.UPD_DT, B.UPD_DT], default: … }`: the newest of several timestamps, NULLs skipped.', ref('expressionList'), {
      default: { description: 'The timestamp used when all of them are NULL.', type: 'string' },
    }),
    caseExpression: expressionForm(
      'case',
      '`{ case: [{ when: <condition>, then: <expression> }], else: <expression> }`: the first branch whose condition holds.',
      { description: 'The branches, tried in order.', type: 'array', minItems: 1, items: ref('caseBranch') },
      { else: described('The value when no branch applies (default: null).', 'expression') },
    ),
    caseBranch: {
      description: 'One branch of a case: `{ when: <condition>, then: <expression> }`.',
      type: 'object',
      properties: { when: ref('condition'), then: ref('expression') },
      required: ['when', 'then'],
      additionalProperties: false,
    },
    coalesceExpression: expressionForm('coalesce', '`{ coalesce: [A.X, A.Y] }`: the first of the expressions that is not NULL.', ref('expressionList')),
    trimExpression: expressionForm('trim', '`{ trim: S.X }`: the text without leading and trailing spaces.', ref('expression')),
    lowerExpression: expressionForm('lower', '`{ lower: S.EMAIL }`: the text in lower case.', ref('expression')),
    upperExpression: expressionForm('upper', '`{ upper: S.X }`: the text in upper case.', ref('expression')),
    isExpression: expressionForm('is', '`{ is: { column: S.ACTV_FLG, eq: Y } }`: true when the condition holds, else false.', ref('condition')),
    e164Expression: expressionForm(
      'e164',
      '`{ e164: C.HOME_PHN, countryCode: 1 }`: the phone number in E.164 (`+15551234567`); numbers written without a country code get `countryCode`; a number that cannot be normalised is left out.',
      ref('expression'),
      {
        countryCode: { description: 'The default country calling code, 1 to 3 digits (1: US and Canada, 44: UK).', type: ['integer', 'string'], pattern: '^[1-9][0-9]{0,2}$' },
        nationalLength: { description: 'Digits of a national number without the trunk 0; defaults to 10 for countryCode 1.', type: 'integer', minimum: 4, maximum: 14 },
      },
      ['countryCode'],
    ),
    firstExpression: expressionForm(
      'first',
      '`{ first: { table: STF_SCH, alias: P, on: { P.STF_ID: T.STF_ID }, where: [{ column: P.PRIM_FLG, eq: Y }], value: { template: "sch-{P.SCH_CD}" }, orderBy: [P.SCH_CD] } }`: the value of the first related row, NULL when there is none.',
      relatedValue({}, 'The value, computed from the related row (and its joins).', 'Which related row comes first: one expression or a list of them.'),
    ),
  };
}

function conditionDefinitions(): Record<string, JsonSchema> {
  const comparison = (what: string): JsonSchema => described(`True when the subject ${what} this expression.`, 'expression');
  const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isNull'];
  return {
    condition: {
      description: 'A test on a row: `{ column: S.DEL_FLG, eq: Y }`, `{ any: […] }`, `{ all: […] }`, `{ not: … }`, `{ exists: { table, alias, on, where } }`, or a list (all must hold).',
      anyOf: [ref('conditionList'), ref('anyCondition'), ref('allCondition'), ref('notCondition'), ref('existsCondition'), ref('comparisonCondition')],
    },
    conditionList: {
      description: 'A non-empty list of conditions that must all hold.',
      type: 'array',
      minItems: 1,
      items: ref('condition'),
    },
    anyCondition: {
      description: '`{ any: [...] }`: true when at least one of the conditions holds.',
      type: 'object',
      properties: { any: ref('conditionList') },
      required: ['any'],
      additionalProperties: false,
    },
    allCondition: {
      description: '`{ all: [...] }`: true when every condition holds.',
      type: 'object',
      properties: { all: ref('conditionList') },
      required: ['all'],
      additionalProperties: false,
    },
    existsCondition: {
      description: '`{ exists: { table: STU_CNTCT, alias: L, on: { L.CNTCT_ID: C.CNTCT_ID }, where: […] } }`: true when at least one related row exists.',
      type: 'object',
      properties: {
        exists: {
          description: 'The related rows: a table with its own alias, optional joins, `on` linking it to the current row, and conditions.',
          type: 'object',
          properties: { table: ref('tableName'), alias: ref('alias'), joins: ref('joins'), on: ref('childOn'), where: ref('where') },
          required: ['table', 'alias', 'on'],
          additionalProperties: false,
        },
      },
      required: ['exists'],
      additionalProperties: false,
    },
    notCondition: {
      description: '`{ not: <condition> }`: true when the condition does not hold.',
      type: 'object',
      properties: { not: ref('condition') },
      required: ['not'],
      additionalProperties: false,
    },
    comparisonCondition: {
      description: 'A subject (`column: ALIAS.COLUMN` or `expr: <expression>`) and exactly one operator: eq, ne, gt, gte, lt, lte, in, notIn or isNull.',
      type: 'object',
      properties: {
        column: described('The column tested, as `ALIAS.COLUMN`.', 'columnRef'),
        expr: described('A computed value to test (instead of `column`).', 'expression'),
        eq: comparison('equals'),
        ne: comparison('differs from'),
        gt: comparison('is greater than'),
        gte: comparison('is greater than or equal to'),
        lt: comparison('is less than'),
        lte: comparison('is less than or equal to'),
        in: described('True when the subject is one of these constants.', 'constantList'),
        notIn: described('True when the subject is none of these constants.', 'constantList'),
        isNull: { description: '`true`: the subject is NULL; `false`: it is not.', type: 'boolean' },
      },
      additionalProperties: false,
      allOf: [{ oneOf: [{ required: ['column'] }, { required: ['expr'] }] }, { oneOf: operators.map((operator) => ({ required: [operator] })) }],
    },
    constantList: {
      description: 'A non-empty list of constants (text, numbers or true/false).',
      type: 'array',
      minItems: 1,
      items: { type: ['string', 'number', 'boolean'] },
    },
  };
}

function listDefinitions(): Record<string, JsonSchema> {
  return {
    listField: {
      description:
        'A multi-valued field: a list of expressions on the row, `{ split: COL, separator: ";" }`, a child table `{ table, alias, on, value, … }`, or one expression (a list of one).',
      anyOf: [ref('expressionList'), ref('splitList'), ref('childList'), ref('expression')],
    },
    splitList: {
      description: '`{ split: C.GRD_LVLS, separator: ";" }`: the values of a delimited column.',
      type: 'object',
      properties: {
        split: described('The delimited text.', 'expression'),
        separator: { description: 'What separates the values, e.g. `;`.', type: 'string', minLength: 1 },
      },
      required: ['split', 'separator'],
      additionalProperties: false,
    },
    childList: relatedValue(
      {
        description:
          'Values read from a child table, one per matching child row, loaded in one batched query per page: `{ table: STU_CNTCT, alias: L, on: { L.STU_ID: S.STU_ID }, value: … }`.',
      },
      'The value of one list entry, computed from the child row (and its joins).',
      'The order of the entries: one expression or a list of them over the child row.',
    ),
    childOn: {
      description: 'Links child rows to the source row: `CHILD_ALIAS.COLUMN: <expression over the source row>` pairs; all must match.',
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: COLUMN_REF },
      additionalProperties: ref('expression'),
    },
    metadataField: {
      description: 'Extension properties served under `metadata`: property name → expression, or `{ flags: { name: <condition> } }` for a list of flag names.',
      type: 'object',
      additionalProperties: { anyOf: [ref('metadataFlags'), ref('expression')] },
    },
    identifierField: {
      description: '`userIds`: identifier type → expression, e.g. `{ SIS: S.STU_ID, LDAP: { lower: S.LOGIN_ID } }`; served as `[{ type, identifier }]`, leaving out NULLs.',
      type: 'object',
      minProperties: 1,
      additionalProperties: ref('expression'),
    },
    metadataFlags: {
      description: '`{ flags: { freeLunch: { column: S.FRL_CD, eq: F } } }`: the names whose condition holds, as a list.',
      type: 'object',
      properties: {
        flags: { description: 'Flag name → the condition under which the flag is listed.', type: 'object', additionalProperties: ref('condition') },
      },
      required: ['flags'],
      additionalProperties: false,
    },
  };
}

function entityFieldDefinitions(): Record<string, JsonSchema> {
  return Object.fromEntries(
    ENTITY_NAMES.map((entity) => {
      const fields = ENTITY_CATALOGUE[entity].fields;
      const definition: JsonSchema = {
        description: `The fields of a OneRoster ${entity} object: ${fields.map((field) => field.name).join(', ')}.`,
        type: 'object',
        properties: Object.fromEntries(fields.map((field) => [field.name, fieldSchema(entity, field)])),
        required: fields.filter(isRequiredInMapping).map((field) => field.name),
        additionalProperties: false,
      };
      return [fieldsDefinition(entity), definition];
    }),
  );
}

function fieldsDefinition(entity: EntityName): string {
  return `${entity}Fields`;
}

/** dateLastModified's requirement depends on the file's tracking, so the file-level allOf states it. */
function isRequiredInMapping(field: FieldSpec): boolean {
  return (field.required || ALWAYS_REQUIRED.has(field.name)) && !DEFAULTED.has(field.name) && field.name !== 'dateLastModified';
}

function fieldSchema(entity: EntityName, field: FieldSpec): JsonSchema {
  const necessity = DEFAULTED.has(field.name)
    ? 'Optional: `active` when not mapped.'
    : isRequiredInMapping(field)
      ? 'Required: every source must map it.'
      : 'Optional.';
  const served = field.versions ? ` Served in OneRoster ${field.versions.map((id) => id.replace(/^v(\d)p(\d)$/, '$1.$2')).join(', ')} only.` : '';
  const description = `${entity}.${field.name}: ${describeType(field)}. ${necessity}${served}`;
  switch (field.type.kind) {
    case 'refList':
    case 'stringList':
      return described(description, 'listField');
    case 'metadata':
      return described(description, 'metadataField');
    case 'identifierList':
      return described(description, 'identifierField');
    case 'enum':
      return {
        description,
        anyOf: [
          { description: `One of: ${field.type.values.join(', ')}.`, type: ['string', 'null'], enum: [...field.type.values, null] },
          ref('columnRef'),
          ref('expressionObject'),
        ],
      };
    default:
      return described(description, 'expression');
  }
}

function describeType(field: FieldSpec): string {
  switch (field.type.kind) {
    case 'string':
      return 'text';
    case 'datetime':
      return 'a date and time';
    case 'date':
      return 'a date';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${field.type.values.join(', ')}`;
    case 'ref':
      return `the sourcedId of one ${field.type.target} object (served as a GUIDRef)`;
    case 'refList':
      return `a list of ${field.type.target} sourcedIds (served as GUIDRefs)`;
    case 'stringList':
      return 'a list of text values';
    case 'identifierList':
      return 'identifiers by type';
    case 'metadata':
      return 'extension properties';
  }
}

export function writeMappingSchema(file = MAPPING_SCHEMA_FILE): void {
  writeFileSync(file, `${JSON.stringify(buildMappingSchema(), null, 2)}\n`);
}
