import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompiledMapping, EntityMapping } from './compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { compileMappingFile } from './compile-mapping-file';
import { MappingDiagnostic, MappingError } from './diagnostics/mapping-diagnostic';

/**
 * Compiles every `*.yaml`/`*.yml` file of a mapping folder. Either returns the whole compiled
 * mapping or throws one MappingError listing every problem in every file, so an integrator fixes
 * them in one pass instead of one restart per typo.
 */
export function compileMappings(folder: string): CompiledMapping {
  const root = resolve(folder);
  const diagnostics: MappingDiagnostic[] = [];
  const entities = new Map<EntityName, EntityMapping>();
  const files = listMappingFiles(root, diagnostics);
  for (const file of files) {
    const mapping = compileMappingFile(file, readFileSync(file, 'utf8'), diagnostics);
    if (!mapping) continue;
    const earlier = entities.get(mapping.entity);
    if (earlier) {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        code: 'MAPPING_DUPLICATE_ENTITY',
        message: `${mapping.entity} is already mapped in ${earlier.file}; put all its sources in one file`,
        path: 'entity',
      });
      continue;
    }
    entities.set(mapping.entity, mapping);
  }
  if (diagnostics.length > 0) throw new MappingError(diagnostics);
  return { entities };
}

function listMappingFiles(root: string, diagnostics: MappingDiagnostic[]): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    diagnostics.push({ file: root, line: 1, column: 1, code: 'MAPPING_FOLDER', message: `mapping folder ${root} does not exist`, path: '(folder)' });
    return [];
  }
  const files = readdirSync(root)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(root, name));
  if (files.length === 0) {
    diagnostics.push({ file: root, line: 1, column: 1, code: 'MAPPING_FOLDER', message: `mapping folder ${root} has no .yaml files`, path: '(folder)' });
  }
  return files;
}
