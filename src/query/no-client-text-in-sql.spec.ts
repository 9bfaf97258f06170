import { resolve } from 'node:path';
import knex, { Knex } from 'knex';
import { parseCollectionQuery } from '../api/collection-query';
import { ROSTERING_ROUTES } from '../api/rostering-routes';
import { fieldEquals } from '../api/route-constraints';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { FILTER_OPERATORS } from '../filter/filter-expression';
import { compileMappings } from '../mapping/compile-mappings';
import type { CompiledMapping, EntityMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { publicFields } from '../oneroster/version-fields';
import { ONEROSTER_VERSIONS, OneRosterVersion } from '../oneroster/versions';
import { buildCollectionQueries, toNativeSql } from './build-collection-query';
import type { CollectionRequest } from './collection-request';
import { DIALECTS } from './dialects/dialect-registry';
import type { DialectName } from './dialects/sql-dialect';

/**
 * Review-backed proof of DEVELOPERS.md's rule "client input only ever reaches SQL as a binding":
 * for every filterable path of every entity the demo mappings serve, in both versions, with every
 * operator, and for every route's path parameters, the SQL each dialect is sent is built from a
 * value carrying a unique marker (wrapped in SQL metacharacters), and the marker must appear in
 * the bindings only, never in the SQL text. Two different markers must also give the very same
 * SQL text: the statement's shape may depend on what the client asked for, not on its values.
 */
const MAPPING: CompiledMapping = compileMappings(resolve(__dirname, '..', '..', 'mappings', 'demo'));
const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];
const LIMITS = { defaultLimit: 100, maxLimit: 10000 };
/** Lower case, letters and digits only: it survives LIKE escaping and lower-casing unchanged. */
const MARKERS = ['zqxmarker7a', 'zqxmarker7b'] as const;
const HOSTILE = (marker: string) => `' OR '1'='1 --; /* ${marker} */ ? ?? $1 :x \\ % _ [ ! "`;

const connectionless = new Map<DialectName, Knex>(DIALECT_NAMES.map((name) => [name, knex({ client: DIALECTS[name].knexClient, useNullAsDefault: true })]));
afterAll(async () => {
  for (const db of connectionless.values()) await db.destroy();
});

const entityMappings = (entity: EntityName): EntityMapping => {
  const mapping = MAPPING.entities.get(entity);
  if (!mapping) throw OneRosterRequestError.unknownObject(`no mapping for ${entity}`);
  return mapping;
};

/**
 * Every `prefix{column}suffix` template of the mappings: a value shaped like one is inverted into
 * `column = ?`, so values that fit each template make the marker travel that path too.
 */
function templateShapes(): Array<{ prefix: string; suffix: string }> {
  const shapes = new Map<string, { prefix: string; suffix: string }>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node instanceof Map) return [...node.values()].forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.kind === 'template' && Array.isArray(record.parts)) {
      const parts = record.parts as unknown[];
      const at = parts.findIndex((part) => typeof part !== 'string');
      if (at >= 0 && parts.filter((part) => typeof part !== 'string').length === 1) {
        const shape = { prefix: parts.slice(0, at).join(''), suffix: parts.slice(at + 1).join('') };
        shapes.set(`${shape.prefix}\u0000${shape.suffix}`, shape);
      }
    }
    Object.values(record).forEach(visit);
  };
  visit([...MAPPING.entities.values()]);
  return [...shapes.values()];
}

const SHAPES = templateShapes();

/** The text values a case is tried with, for a marker: bare, and (for `=`, the one operator inverted) shaped like every template. */
function textValues(marker: string, shaped = true): string[] {
  return [HOSTILE(marker), marker, ...(shaped ? SHAPES.map((shape) => `${shape.prefix}${marker}${shape.suffix}`) : [])];
}

/** Typed fields cannot carry a marker; their values must reach SQL as bindings all the same. */
function typedValue(kind: string, index: 0 | 1): string | undefined {
  if (kind === 'datetime') return ['1987-06-05T04:03:02.001Z', '1986-05-04T03:02:01.009Z'][index];
  if (kind === 'date') return ['1987-06-05', '1986-05-04'][index];
  if (kind === 'boolean') return ['true', 'false'][index];
  return undefined;
}

/** The filter paths a version accepts for an entity, plus ones it must refuse. */
function filterPaths(version: OneRosterVersion, entity: EntityName): string[] {
  const paths = publicFields(version, entity).flatMap((field) => {
    if (field.filterPaths) return Object.keys(field.filterPaths);
    switch (field.type.kind) {
      case 'ref':
      case 'refList':
        return [field.name, `${field.name}.sourcedId`];
      case 'identifierList':
        return [`${field.name}.identifier`, `${field.name}.type`];
      default:
        return [field.name];
    }
  });
  return [...paths, 'metadata.zqx', 'sourcedId.sourcedId'];
}

interface Outcome {
  sql: string[];
  bindings: unknown[];
}

/** The SQL of a parsed request in one dialect; undefined when the request is refused (400) or folds to no query. */
function compile(request: CollectionRequest, dialect: DialectName): Outcome | undefined {
  const context = { dialect: DIALECTS[dialect], timeZone: 'UTC' };
  try {
    const queries = buildCollectionQueries(connectionless.get(dialect)!, entityMappings(request.entity), request, context, entityMappings);
    if (!queries.page || !queries.count) return { sql: [], bindings: [] };
    const page = toNativeSql(queries.page);
    const count = toNativeSql(queries.count);
    return { sql: [page.sql, count.sql], bindings: [...page.bindings, ...count.bindings] };
  } catch (error) {
    if (error instanceof OneRosterRequestError) return undefined;
    throw error;
  }
}

function parse(version: OneRosterVersion, entity: EntityName, query: Record<string, string>): CollectionRequest | undefined {
  try {
    return parseCollectionQuery(version, entity, query, LIMITS).request;
  } catch (error) {
    if (error instanceof OneRosterRequestError) return undefined;
    throw error;
  }
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
const carries = (bindings: readonly unknown[], needle: string) => bindings.some((binding) => typeof binding === 'string' && binding.toLowerCase().includes(needle.toLowerCase()));

/** Checks one pair of requests differing only in their marker; returns whether the marker reached the bindings. */
function expectBoundOnly(
  requests: readonly [CollectionRequest | undefined, CollectionRequest | undefined],
  needles: readonly [string, string],
  dialect: DialectName,
  label: string,
  sameShape = true,
): boolean {
  const outcomes = requests.map((request) => (request ? compile(request, dialect) : undefined));
  expect([`${label}: refused`, outcomes[0] === undefined]).toEqual([`${label}: refused`, outcomes[1] === undefined]);
  if (!outcomes[0] || !outcomes[1]) return false;
  outcomes.forEach((outcome, index) => {
    for (const sql of outcome!.sql) {
      if (sql.toLowerCase().includes(needles[index].toLowerCase())) throw new Error(`${label} [${dialect}]: the client's value is in the SQL text:\n${sql}`);
    }
  });
  // The statement's text does not depend on the value, only its bindings do.
  if (sameShape) expect([label, dialect, outcomes[1]!.sql]).toEqual([label, dialect, outcomes[0]!.sql]);
  return carries(outcomes[0]!.bindings, needles[0]);
}

const ENTITIES = [...MAPPING.entities.keys()];

describe('client input reaches SQL only as bindings', () => {
  it('the demo mappings serve every entity and the mappings have id templates to invert', () => {
    expect(ENTITIES.sort()).toEqual(['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']);
    expect(SHAPES.length).toBeGreaterThan(3);
  });

  describe.each(ONEROSTER_VERSIONS.map((version) => [version.id, version] as const))('%s filters', (_, version) => {
    it.each(ENTITIES)('%s: every filterable path × every operator × every dialect', (entity) => {
      const reached = new Set<string>();
      let compiled = 0;
      for (const path of filterPaths(version, entity)) {
        const field = publicFields(version, entity).find((candidate) => candidate.name === path.split('.')[0]);
        const typed = field ? typedValue(field.type.kind, 0) : undefined;
        for (const operator of FILTER_OPERATORS) {
          const pairs: Array<[string, string, string, string]> = typed
            ? [[typedValue(field!.type.kind, 0)!, typedValue(field!.type.kind, 1)!, typedValue(field!.type.kind, 0)!.slice(0, 10), typedValue(field!.type.kind, 1)!.slice(0, 10)]]
            : textValues(MARKERS[0], operator === '=').map((value, index) => [value, textValues(MARKERS[1], operator === '=')[index], MARKERS[0], MARKERS[1]]);
          for (const [valueA, valueB, needleA, needleB] of pairs) {
            const requests = [valueA, valueB].map((value) => parse(version, entity, { filter: `${path}${operator}${quoted(value)}` })) as [
              CollectionRequest | undefined,
              CollectionRequest | undefined,
            ];
            for (const dialect of DIALECT_NAMES) {
              const label = `${version.id} ${entity}?filter=${path}${operator}'…'`;
              // true and false may fold differently where a source maps the field to a constant.
              const sameShape = field?.type.kind !== 'boolean';
              if (expectBoundOnly(requests, [needleA, needleB], dialect, label, sameShape)) reached.add(`${path}${operator}`);
              if (requests[0]) compiled++;
            }
          }
        }
      }
      // Not vacuous: requests were compiled, and markers travelled into the bindings for many paths.
      expect(compiled).toBeGreaterThan(100);
      expect(reached.size).toBeGreaterThan(10);
    });
  });

  describe.each(ONEROSTER_VERSIONS.map((version) => [version.id, version] as const))('%s sort and fields', (_, version) => {
    it.each(ENTITIES)('%s: only catalogue names reach the select list and ORDER BY', (entity) => {
      for (const dialect of DIALECT_NAMES) {
        for (const marker of MARKERS) {
          // 1.2 refuses unknown selection fields outright; 1.1 answers all fields with a warning.
          const query: Record<string, string> = version.partialSuccess ? { sort: HOSTILE(marker), fields: `${HOSTILE(marker)},${marker}` } : { sort: HOSTILE(marker), orderBy: 'desc' };
          const request = parse(version, entity, query);
          expect(request).toBeDefined();
          for (const sql of compile(request!, dialect)!.sql) expect(sql.toLowerCase()).not.toContain(marker);
        }
      }
    });
  });

  describe.each(ONEROSTER_VERSIONS.map((version) => [version.id, version] as const))('%s path parameters', (_, version) => {
    it.each(ROSTERING_ROUTES.map((route) => [route.path, route] as const))('%s', (_path, route) => {
      let reached = 0;
      for (const [index, valueA] of textValues(MARKERS[0]).entries()) {
        const valueB = textValues(MARKERS[1])[index];
        const requests = [valueA, valueB].map((value) => {
          const params = Object.fromEntries([...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => [match[1], value]));
          const parsed = parse(version, route.entity, {});
          const constraint = [...route.constraint(params), ...(route.kind === 'single' ? [fieldEquals('sourcedId', value)] : [])];
          return parsed && { ...parsed, constraint };
        }) as [CollectionRequest | undefined, CollectionRequest | undefined];
        for (const dialect of DIALECT_NAMES) {
          if (expectBoundOnly(requests, MARKERS, dialect, `${version.id} ${route.path}`)) reached++;
        }
      }
      if (route.path.includes(':')) expect(reached).toBeGreaterThan(0);
    });
  });
});
