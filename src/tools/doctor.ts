import { resolve } from 'node:path';
import { RosterReader } from '../api/roster-reader';
import type { AppConfig } from '../config/app-config';
import { checkMappingAgainstSchema } from '../mapping/check-against-schema';
import { compileMappings } from '../mapping/compile-mappings';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { configuredConnection, openConfiguredSource } from '../source/configured-source';
import { readSourceSchema } from '../source/verify-mapping-schema';
import { DoctorCheck } from './doctor-check';
import { leftOutByMapping, withLeftOut } from './doctor-left-out';
import { withRawE164Inputs } from './doctor-raw-inputs';
import type { DoctorReport } from './doctor-report';
import { stampedLastModified, walkOrder, WalkProgress, walkRoster } from './roster-walk';

export interface DoctorOptions {
  /** Called as each page is read; when given, each entity's record count is asked for first (a progress bar's total). */
  readonly onProgress?: (progress: WalkProgress) => void;
  /** Where the source's connection notices go (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/**
 * `oneroster-adapter doctor`: reads every record of every entity from the configured source
 * through the same query engine as the server, exactly as the OneRoster 1.1 API serves it, and
 * applies Microsoft SDS's validation rules (doctor-rules.ts). A mapping that does not compile or
 * does not match the database is reported, not thrown: no data is read then.
 */
export async function runDoctor(config: AppConfig, options: DoctorOptions = {}): Promise<DoctorReport> {
  const mappingsFolder = resolve(config.mappings);
  const { connection } = configuredConnection(config);
  const base = { source: connection.display, mappings: mappingsFolder, entities: [], warnings: 0, info: 0 };

  let mapping;
  try {
    mapping = compileMappings(mappingsFolder);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    return report({ ...base, mappingProblems: error.diagnostics, errors: error.diagnostics.length });
  }
  const served = walkOrder([...mapping.entities.keys()]);
  const source = await openConfiguredSource(config, { poolMax: 2, log: options.log });
  try {
    const diagnostics = checkMappingAgainstSchema(mapping, await readSourceSchema(source, mapping));
    if (diagnostics.length > 0) return report({ ...base, mappingProblems: diagnostics, errors: diagnostics.length });
    const stamped = stampedLastModified(mapping);
    const check = new DoctorCheck(served, stamped);
    await walkRoster(new RosterReader(withRawE164Inputs(mapping), source), served, check, { count: options.onProgress !== undefined, onProgress: options.onProgress });
    const result = withLeftOut(check.result(), await leftOutByMapping(mapping, source));
    return report({ ...base, ...result, stampedLastModified: stamped });
  } finally {
    await source.close();
  }
}

type Found = Omit<DoctorReport, 'ok' | 'version'>;

function report(found: Found): DoctorReport {
  const { source, mappings, mappingProblems, stampedLastModified: stamped, entities, errors, warnings, info } = found;
  return {
    ok: errors === 0,
    version: '1.1',
    source,
    mappings,
    ...(mappingProblems ? { mappingProblems } : {}),
    ...(stamped?.length ? { stampedLastModified: stamped } : {}),
    errors,
    warnings,
    info,
    entities,
  };
}
