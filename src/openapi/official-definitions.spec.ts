import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OneRosterVersionId } from '../oneroster/versions';
import { V1P1, V1P2 } from '../oneroster/versions';
import { buildOpenApiDocument } from './build-openapi-document';

/**
 * Our generated documents against the official OneRoster definitions, read in place from
 * ../shared/oracles (never copied into the project, never read at runtime): the same operations,
 * and response schemas that promise nothing the official ones forbid. Every difference must be
 * listed in DEVIATIONS with its reason, and every listed deviation must still exist.
 */
const ORACLES = resolve(__dirname, '..', '..', '..', 'shared', 'oracles');

type Json = Record<string, any>;
type ProblemKind = 'extra-property' | 'required-extra' | 'required-missing' | 'type' | 'format' | 'enum' | 'pattern' | 'open-object';

interface Deviation {
  readonly version: OneRosterVersionId;
  /** Our component (or `Component.property` path) where the difference is. */
  readonly at: readonly string[];
  readonly kind: ProblemKind;
  readonly detail: string;
  readonly why: string;
}

const V1P1_SETS = ['MultipleAcademicSessions.Type', 'Orgs.Type', 'Users.Type', 'Classes.Type', 'Enrollments.Type', 'Courses.Type', 'Demographics.Type'];

/** Deliberate differences from the official definitions. References are to ../shared/docs/oneroster-spec.md. */
const DEVIATIONS: readonly Deviation[] = [
  {
    version: 'v1p1',
    at: V1P1_SETS,
    kind: 'extra-property',
    detail: 'statusInfoSet',
    why: '1.1 partial success (§8.4): unknown fields/sort entries return the data plus warnings in a top-level statusInfoSet, which the 1.1 file has no place for. 1.2 forbids it and we never send it there.',
  },
  {
    version: 'v1p1',
    at: ['User.Type'],
    kind: 'required-extra',
    detail: 'enabledUser',
    why: 'Required by the 1.1 information model and CSV binding, left out of the OAS required list (§4.3); we always emit it (1.2 requires it too).',
  },
  {
    version: 'v1p1',
    at: ['Class.Type'],
    kind: 'required-extra',
    detail: 'classType',
    why: 'Required by the 1.1 CSV binding; §4.4 "emit always".',
  },
  {
    version: 'v1p1',
    at: ['Class.Type'],
    kind: 'required-extra',
    detail: 'course',
    why: 'Required by the 1.1 information model (§4.4: "OAS-1.1 copy marks only title, school") and by 1.2.',
  },
  {
    version: 'v1p1',
    at: ['Class.Type'],
    kind: 'required-extra',
    detail: 'terms',
    why: 'Required 1..* by the 1.1 information model (§4.4) and by 1.2.',
  },
  {
    version: 'v1p1',
    at: ['Class.Type.periods'],
    kind: 'type',
    detail: 'array vs string',
    why: 'The 1.1 file types periods as one string, a generator quirk: the model has a list, 1.2 types it string[] (§4.4 "emit array"). Same deviation as test/support/openapi-validator.ts.',
  },
  {
    version: 'v1p1',
    at: ['Course.Type'],
    kind: 'required-extra',
    detail: 'org',
    why: 'Required by the 1.1 CSV binding; §4.5 "emit always" (it drives /schools/{id}/courses).',
  },
  {
    version: 'v1p1',
    at: ['UserId.Type'],
    kind: 'required-extra',
    detail: 'type',
    why: 'We always emit the identifier type (the mapping key); 1.2 requires it (§4.3), 1.1 only requires identifier.',
  },
  {
    version: 'v1p1',
    at: ['imsx_CodeMinorField.Type.imsx_codeMinorFieldValue'],
    kind: 'enum',
    detail: 'invalid_filter_field,invalid_blank_selection_field,forbidden,server_busy,internal_server_error',
    why: 'Tokens the 1.1 specification text defines but its OAS enum omits (§8.2, §8.3). Same deviation as test/support/openapi-validator.ts.',
  },
  {
    version: 'v1p2',
    at: ['ClassDType'],
    kind: 'required-extra',
    detail: 'classType',
    why: 'Optional in the 1.2 OAS; the mappings must feed it because 1.1 requires it (§4.4 "emit always"), so it is always present.',
  },
  {
    version: 'v1p2',
    at: ['CourseDType'],
    kind: 'required-extra',
    detail: 'org',
    why: 'Optional in the 1.2 OAS; always emitted (§4.5), it drives /schools/{id}/courses.',
  },
];

const OFFICIAL: Readonly<Record<OneRosterVersionId, string>> = {
  v1p1: 'oneroster-v1p1-openapi.json',
  v1p2: 'oneroster-v1p2-rostering-openapi.json',
};

/** Gradebook and resources operations share 1.1's root; they are not ours to serve (§2.3). */
const OUT_OF_SCOPE = /lineItems|results|categories|resources/i;

function loadOfficial(version: OneRosterVersionId): Json {
  return JSON.parse(readFileSync(resolve(ORACLES, OFFICIAL[version]), 'utf8')) as Json;
}

/** `/schools/{school_id}/classes` and `/schools/{schoolSourcedId}/classes` are the same path. */
function normalise(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

function rosteringGets(document: Json): Map<string, Json> {
  const operations = new Map<string, Json>();
  for (const [path, item] of Object.entries(document.paths as Json)) {
    if (item.get && !OUT_OF_SCOPE.test(path)) operations.set(normalise(path), item.get);
  }
  return operations;
}

/**
 * Walks our schema and the official one side by side and records every way ours differs: a
 * property the official one lacks, another type, format or required list, enum values it does not
 * list, an `ext:` pattern where it has none (or the reverse), an open object where it is closed.
 */
class SchemaComparison {
  readonly problems = new Set<string>();
  private readonly visited = new Set<string>();

  constructor(
    private readonly version: OneRosterVersionId,
    private readonly ours: Json,
    private readonly official: Json,
  ) {}

  compare(at: string, ourSchema: Json, officialSchema: Json): void {
    let where = at;
    if (ourSchema.$ref) {
      where = String(ourSchema.$ref).split('/').pop()!;
      const key = `${where}|${JSON.stringify(officialSchema)}`;
      if (this.visited.has(key)) return;
      this.visited.add(key);
    }
    const a = flatten(this.ours, ourSchema);
    const b = flatten(this.official, officialSchema);
    const [typeA, typeB] = [typeOf(a), typeOf(b)];
    if (typeA !== typeB) return this.report(where, 'type', `${typeA} vs ${typeB}`);
    if (a.format && a.format !== b.format) this.report(where, 'format', `${a.format} vs ${b.format ?? 'none'}`);
    const [enumA, enumB] = [enumOf(a), enumOf(b)];
    if (enumA) {
      const extra = enumB ? enumA.filter((value) => !enumB.includes(value)) : enumA;
      if (extra.length) this.report(where, 'enum', extra.join(','));
    }
    if (patternOf(a) !== patternOf(b)) this.report(where, 'pattern', `${patternOf(a) ?? 'none'} vs ${patternOf(b) ?? 'none'}`);
    if (typeA === 'array') this.compare(`${where}[]`, a.items, b.items);
    if (typeA === 'object') this.compareObjects(where, a, b);
  }

  private compareObjects(where: string, a: Json, b: Json): void {
    for (const [name, schema] of Object.entries((a.properties ?? {}) as Json)) {
      const counterpart = b.properties?.[name];
      if (!counterpart) this.report(where, 'extra-property', name);
      else this.compare(`${where}.${name}`, schema as Json, counterpart as Json);
    }
    const [requiredA, requiredB] = [(a.required ?? []) as string[], (b.required ?? []) as string[]];
    for (const name of requiredA.filter((field) => !requiredB.includes(field))) this.report(where, 'required-extra', name);
    for (const name of requiredB.filter((field) => !requiredA.includes(field))) this.report(where, 'required-missing', name);
    if (b.additionalProperties === false && a.additionalProperties !== false) this.report(where, 'open-object', '');
  }

  private report(at: string, kind: ProblemKind, detail: string): void {
    this.problems.add(problemKey(this.version, at, kind, detail));
  }
}

function problemKey(version: OneRosterVersionId, at: string, kind: ProblemKind, detail: string): string {
  return `${version} ${at}: ${kind} ${detail}`.trim();
}

function deref(document: Json, schema: Json): Json {
  let current = schema;
  while (current?.$ref) current = String(current.$ref).split('/').slice(1).reduce((node: Json, key: string) => node[key], document);
  return current;
}

/** The schema with its allOf parts (1.1's `Base.Type` + `User_Type_allOf`) merged into one object. */
function flatten(document: Json, schema: Json): Json {
  const resolved = deref(document, schema);
  if (!resolved.allOf) return resolved;
  const parts = (resolved.allOf as Json[]).map((part) => flatten(document, part));
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    required: parts.flatMap((part) => part.required ?? []),
  };
}

function typeOf(schema: Json): string | undefined {
  if (schema.type) return schema.type;
  const types = new Set(((schema.anyOf ?? []) as Json[]).map((branch) => branch.type));
  return types.size === 1 ? [...types][0] : undefined;
}

function enumOf(schema: Json): string[] | undefined {
  return schema.enum ?? ((schema.anyOf ?? []) as Json[]).find((branch) => branch.enum)?.enum;
}

function patternOf(schema: Json): string | undefined {
  return schema.pattern ?? ((schema.anyOf ?? []) as Json[]).find((branch) => branch.pattern)?.pattern;
}

function responseSchema(document: Json, response: Json | undefined): Json | undefined {
  return response ? deref(document, response)?.content?.['application/json']?.schema : undefined;
}

const LIMITS = { defaultLimit: 100, maxLimit: 10000 };

describe('the generated documents against the official OneRoster definitions', () => {
  describe.each([
    ['1.1', V1P1],
    ['1.2', V1P2],
  ] as const)('OneRoster %s', (_, version) => {
    const official = loadOfficial(version.id);
    const ours = buildOpenApiDocument(version, { origin: 'https://host', limits: LIMITS }) as unknown as Json;
    const officialGets = rosteringGets(official);
    const ourGets = rosteringGets(ours);

    it('serves exactly the rostering paths of the official file (gradebook and resources excluded)', () => {
      expect([...ourGets.keys()].sort()).toEqual([...officialGets.keys()].sort());
    });

    if (version === V1P2) {
      it('uses the official operationIds, tags and scopes on every path', () => {
        for (const [path, operation] of ourGets) {
          const counterpart = officialGets.get(path)!;
          expect([path, operation.operationId, operation.tags]).toEqual([path, counterpart.operationId, counterpart.tags]);
          expect([path, [...operation.security[0].OAuth2CC].sort()]).toEqual([path, [...counterpart.security[0].OAuth2CC].sort()]);
        }
      });
    }

    it('takes the official parameters of every path, with the same types (1.1 single objects also take fields)', () => {
      for (const [path, operation] of ourGets) {
        const ourParameters = new Map((operation.parameters as Json[]).map((parameter) => [parameter.name, parameter]));
        const officialParameters = (officialGets.get(path)!.parameters as Json[]).filter((parameter) => parameter.name !== 'continuationToken');
        const extra = [...ourParameters.keys()].filter((name) => !officialParameters.some((parameter) => parameter.name === name));
        expect([path, extra]).toEqual([path, version === V1P1 && path.endsWith('{}') ? ['fields'] : []]);
        for (const parameter of officialParameters) {
          const counterpart = ourParameters.get(parameter.name);
          expect([path, parameter.name, counterpart?.in, typeOf(counterpart?.schema ?? {})]).toEqual([path, parameter.name, parameter.in, typeOf(parameter.schema)]);
        }
      }
    });

    it('describes every response body the way the official file does, except for the listed deviations', () => {
      const comparison = new SchemaComparison(version.id, ours, official);
      for (const [path, operation] of ourGets) {
        const counterpart = officialGets.get(path)!;
        comparison.compare(path, responseSchema(ours, operation.responses['200'])!, responseSchema(official, counterpart.responses['200'])!);
        const officialError = responseSchema(official, counterpart.responses.default)!;
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          if (status !== '200') comparison.compare(`${path} ${status}`, responseSchema(ours, response)!, officialError);
        }
      }
      const expected = DEVIATIONS.filter((deviation) => deviation.version === version.id).flatMap((deviation) =>
        deviation.at.map((at) => problemKey(deviation.version, at, deviation.kind, deviation.detail)),
      );
      expect([...comparison.problems].sort()).toEqual(expected.sort());
    });
  });

  it('gives a reason for every deviation', () => {
    for (const deviation of DEVIATIONS) expect(deviation.why.length).toBeGreaterThan(20);
  });

  it('the comparison is not vacuous: it notices a changed type, a value outside the vocabulary, a new property and a lost required field', () => {
    const official = loadOfficial('v1p2');
    const ours = buildOpenApiDocument(V1P2, { origin: 'https://host', limits: LIMITS }) as unknown as Json;
    const user = ours.components.schemas.UserDType;
    user.properties.enabledUser = { type: 'boolean' };
    user.properties.status = { type: 'string', enum: ['active', 'inactive'] };
    user.properties.shoeSize = { type: 'string' };
    user.required = user.required.filter((name: string) => name !== 'givenName');
    const comparison = new SchemaComparison('v1p2', ours, official);
    comparison.compare('/users', { $ref: '#/components/schemas/UserSetDType' }, official.components.schemas.UserSetDType);
    expect([...comparison.problems].sort()).toEqual(
      [
        'v1p2 UserDType.enabledUser: type boolean vs string',
        'v1p2 UserDType.status: enum inactive',
        'v1p2 UserDType: extra-property shoeSize',
        'v1p2 UserDType: required-missing givenName',
      ].sort(),
    );
  });
});
