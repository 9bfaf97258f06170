import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PROJECT_ROOT } from './test-server';

/**
 * Validates response bodies against the official OneRoster 1.1 OpenAPI definition, read in place
 * from `../shared/oracles/` (never copied into the project). The OAS paths are relative to the
 * 1.1 base `/ims/oneroster/v1p1`; `$ref`s resolve into `components.schemas`.
 */
export const OAS_V1P1_FILE = resolve(PROJECT_ROOT, '..', 'shared', 'oracles', 'oneroster-v1p1-openapi.json');
export const OAS_V1P2_FILE = resolve(PROJECT_ROOT, '..', 'shared', 'oracles', 'oneroster-v1p2-rostering-openapi.json');
export const V1P1_BASE = '/ims/oneroster/v1p1';
export const V1P2_BASE = '/ims/oneroster/rostering/v1p2';

/**
 * Deliberate deviations from the 1.1 OAS file: places where the file (IMS-generated, lightly
 * modified) is wrong or quirky and the server follows the spec text instead. Each entry replaces
 * exactly the schema at `pointer` (a JSON pointer into the OAS document) by `replacement`; nothing
 * else of the file is changed. References are to ../shared/docs/oneroster-spec.md.
 */
export interface Deviation {
  readonly pointer: string;
  readonly fileSays: string;
  readonly weEmit: string;
  readonly why: string;
  readonly replacement: Record<string, unknown>;
}

const CODE_MINOR_VALUE = '/components/schemas/imsx_CodeMinorField.Type/properties/imsx_codeMinorFieldValue';
const OAS_V1P1_CODE_MINORS = ['fullsuccess', 'invalid_sort_field', 'invalid_selection_field', 'invaliddata', 'unauthorisedrequest', 'linkfailure', 'unsupportedoperation', 'deletefailure', 'unknownobject', 'targetreadfailure'];

export const DEVIATIONS: readonly Deviation[] = [
  {
    pointer: '/components/schemas/Class_Type_allOf/properties/periods',
    fileSays: '{ type: string } (a single NormalizedString)',
    weEmit: 'array of strings',
    why: 'Generator quirk: the information model has periods as a list (0..*); spec §4.4 "OAS-1.1 types it as a single string (generator quirk); emit array [REC]", and 1.2 types it string[].',
    replacement: { description: 'Model Primitive Datatype = NormalizedString', type: 'array', minItems: 0, items: { type: 'string' } },
  },
  {
    pointer: CODE_MINOR_VALUE,
    fileSays: `enum ${OAS_V1P1_CODE_MINORS.join(', ')}`,
    weEmit: 'additionally invalid_filter_field, invalid_blank_selection_field, forbidden, server_busy, internal_server_error',
    why:
      'The 1.1 OAS enum omits tokens the 1.1 specification text defines: spec §8.2 (invalid_filter_field, invalid_blank_selection_field, forbidden, server_busy in the 1.1 text), §8.3 (400 invalid_filter_field for an unknown filter field, 403 forbidden, 503 server_busy, 500 internal_server_error as in 1.2). Only the enum is widened; every other token stays as the file says.',
    replacement: {
      enum: [...OAS_V1P1_CODE_MINORS, 'invalid_filter_field', 'invalid_blank_selection_field', 'forbidden', 'server_busy', 'internal_server_error'],
      type: 'string',
    },
  },
];

interface Operation {
  readonly template: string;
  readonly pattern: RegExp;
  readonly literalSegments: number;
  readonly responses: Record<string, string>;
}

export interface ValidationResult {
  readonly operation: string;
  readonly schema: string;
  readonly errors: ErrorObject[];
}

type Json = Record<string, unknown>;

export function loadOas(file = OAS_V1P1_FILE): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** The official 1.2 rostering definition, used as published: no deviations. */
export function oasV1p2Validator(): OpenApiValidator {
  return new OpenApiValidator(loadOas(OAS_V1P2_FILE), V1P2_BASE);
}

/** The document with exactly the DEVIATIONS applied (each pointer must exist in the file). */
export function applyDeviations(document: Json, deviations: readonly Deviation[] = DEVIATIONS): Json {
  const copy = structuredClone(document);
  for (const deviation of deviations) {
    const keys = deviation.pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent: Json = copy;
    for (const key of keys) parent = parent[key] as Json;
    if (!parent || !(last in parent)) throw new Error(`deviation pointer not in the OAS file: ${deviation.pointer}`);
    parent[last] = structuredClone(deviation.replacement);
  }
  return copy;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly operations = new Map<string, Operation[]>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly document: Json = applyDeviations(loadOas()),
    private readonly base = V1P1_BASE,
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv, ['date', 'date-time', 'uri']);
    this.ajv.addSchema({ components: document.components }, 'oas');
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const responses: Record<string, string> = {};
        for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
          const ref = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as { $ref?: string } | undefined;
          if (ref?.$ref) responses[status] = ref.$ref;
        }
        const segments = template.split('/').filter(Boolean);
        const pattern = new RegExp(`^/${segments.map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : escape(segment))).join('/')}$`);
        const entry = { template, pattern, literalSegments: segments.filter((segment) => !segment.startsWith('{')).length, responses };
        this.operations.set(method.toLowerCase(), [...(this.operations.get(method.toLowerCase()) ?? []), entry]);
      }
    }
  }

  /** Every OAS path template that has an operation for `method`. */
  paths(method = 'get'): string[] {
    return (this.operations.get(method.toLowerCase()) ?? []).map((operation) => operation.template);
  }

  /** The OAS path template our request path (absolute, base-relative, with or without query) matches. */
  findOperation(path: string, method = 'get'): string | undefined {
    return this.match(path, method)?.template;
  }

  validateResponse(path: string, method: string, status: number, body: unknown): ValidationResult {
    const operation = this.match(path, method);
    if (!operation) throw new Error(`no OAS operation for ${method.toUpperCase()} ${path}`);
    const ref = operation.responses[String(status)] ?? operation.responses.default;
    if (!ref) throw new Error(`no OAS response schema for ${status} of ${method.toUpperCase()} ${operation.template}`);
    const validate = this.schema(ref);
    validate(body);
    return { operation: operation.template, schema: ref, errors: [...(validate.errors ?? [])] };
  }

  /** Validates `body` against one schema of the file, e.g. `#/components/schemas/imsx_StatusInfo.Type`. */
  validateSchema(ref: string, body: unknown): ErrorObject[] {
    const validate = this.schema(ref);
    validate(body);
    return [...(validate.errors ?? [])];
  }

  private match(path: string, method: string): Operation | undefined {
    let relative = new URL(path, 'http://host').pathname;
    if (relative.startsWith(this.base)) relative = relative.slice(this.base.length);
    if (!relative.startsWith('/')) relative = `/${relative}`;
    const candidates = (this.operations.get(method.toLowerCase()) ?? []).filter((operation) => operation.pattern.test(relative));
    return candidates.sort((a, b) => b.literalSegments - a.literalSegments)[0];
  }

  private schema(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(`oas${ref}`);
      if (!validate) throw new Error(`unresolvable schema ${ref}`);
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Readable ajv errors for a failing expectation message. */
export function describeErrors(errors: ErrorObject[], limit = 10): string {
  return errors
    .slice(0, limit)
    .map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)} (${error.schemaPath})`)
    .join('\n');
}
