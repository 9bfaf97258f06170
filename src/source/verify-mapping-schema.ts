import { checkMappingAgainstSchema, mappingTableNames } from '../mapping/check-against-schema';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import type { SchemaSnapshot } from '../mapping/schema-snapshot';
import { introspectSchema } from './introspect-schema';
import type { SourceDatabase } from './source-database';
import { isSourceUnavailable } from './source-errors';

/**
 * The source could not be asked for its schema: one line naming the source (never its password), no
 * stack. `unavailable` tells an outage (refused, timed out: worth retrying) from a refusal to answer
 * (wrong password, unknown database: a configuration error).
 */
export class SourceSchemaError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
    readonly unavailable = false,
  ) {
    super(message);
    this.name = 'SourceSchemaError';
  }
}

/** Reads the schema the mapping needs, turning driver errors into a SourceSchemaError that names the source. */
export async function readSourceSchema(source: SourceDatabase, mapping: CompiledMapping): Promise<SchemaSnapshot> {
  try {
    return await introspectSchema(source.db, mappingTableNames(mapping));
  } catch (error) {
    const display = source.connection.display;
    const unavailable = isSourceUnavailable(error);
    throw new SourceSchemaError(
      `${unavailable ? 'cannot connect to' : 'cannot read the schema of'} the source database ${display}: ${driverReason(error)}`,
      error,
      unavailable,
    );
  }
}

/**
 * What the server runs before it serves: every table and column the mapping names must exist in
 * the connected database. Throws a MappingError listing every missing name (file, line, column,
 * closest existing name), or a SourceSchemaError when the source cannot be reached.
 */
export async function verifyMappingAgainstSource(source: SourceDatabase, mapping: CompiledMapping): Promise<SchemaSnapshot> {
  const schema = await readSourceSchema(source, mapping);
  const diagnostics = checkMappingAgainstSchema(mapping, schema);
  if (diagnostics.length > 0) throw new MappingError(diagnostics);
  return schema;
}

/** The driver's own words, on one line; AggregateErrors (IPv4 and IPv6 refused) carry them inside. */
function driverReason(error: unknown): string {
  if ((error as Error)?.name === 'KnexTimeoutError') return 'no connection could be opened in time (is the server up and reachable?)';
  const inner = (error as { errors?: unknown[] })?.errors;
  const message = (error as Error)?.message || (Array.isArray(inner) && inner.length ? (inner[0] as Error)?.message : '') || (error as { code?: string })?.code || String(error);
  return String(message).split(/\r?\n/)[0].trim();
}
