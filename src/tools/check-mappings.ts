import { resolve } from 'node:path';
import { RosterReader } from '../api/roster-reader';
import type { AppConfig } from '../config/app-config';
import { checkMappingAgainstSchema, mappingTableNames } from '../mapping/check-against-schema';
import { compileMappings } from '../mapping/compile-mappings';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { configuredConnection, openConfiguredSource } from '../source/configured-source';
import { readSourceSchema } from '../source/verify-mapping-schema';
import type { MappingsCheckReport } from './check-mappings-report';
import { RosterDataCheck } from './roster-data-check';
import { stampedLastModified, walkOrder, WalkProgress, walkRoster } from './roster-walk';

export interface MappingsCheckOptions {
  /** Stop after the schema check: do not read the records. */
  readonly schemaOnly?: boolean;
  /** Called as each page is read; when given, each entity's record count is asked for first (a progress bar's total). */
  readonly onProgress?: (progress: WalkProgress) => void;
  /** Where the source's connection notices go (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/**
 * `oneroster-adapter mappings check`: checks the mapping files against the configured source
 * without starting the server. 1. every table and column the mappings name exists in the database
 * (as at startup); 2. unless `schemaOnly`, every record of every entity, read through the mappings
 * as the API serves it: duplicate sourcedIds, references to records the API does not serve, empty
 * required fields. Problems are reported, not thrown.
 */
export async function checkMappings(config: AppConfig, options: MappingsCheckOptions = {}): Promise<MappingsCheckReport> {
  const mappingsFolder = resolve(config.mappings);
  const { connection } = configuredConnection(config);
  const base = { source: connection.display, mappings: mappingsFolder };

  let mapping: CompiledMapping;
  try {
    mapping = compileMappings(mappingsFolder);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    return { ok: false, ...base, entities: [], schema: { ok: false, tables: 0, diagnostics: error.diagnostics }, errors: error.diagnostics.length, warnings: 0 };
  }
  const entities = [...mapping.entities.keys()];

  const source = await openConfiguredSource(config, { poolMax: 2, log: options.log });
  try {
    const schema = await readSourceSchema(source, mapping);
    const diagnostics = checkMappingAgainstSchema(mapping, schema);
    const schemaReport = { ok: diagnostics.length === 0, tables: mappingTableNames(mapping).length, description: schema.description, diagnostics };
    if (diagnostics.length > 0 || options.schemaOnly) {
      return { ok: diagnostics.length === 0, ...base, entities, schema: schemaReport, errors: diagnostics.length, warnings: 0 };
    }
    // Page by page in sourcedId order, feeding the checks.
    const check = new RosterDataCheck(walkOrder(entities), stampedLastModified(mapping));
    await walkRoster(new RosterReader(mapping, source), entities, check, { count: options.onProgress !== undefined, onProgress: options.onProgress });
    const data = check.result();
    return { ok: data.errors === 0, ...base, entities, schema: schemaReport, data, errors: data.errors, warnings: data.warnings };
  } finally {
    await source.close();
  }
}
