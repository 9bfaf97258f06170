import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout: the folder above `from` with package.json and mappings/ (works from bench/ and dist/bench/). */
export function findProjectRoot(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'mappings'))) return folder;
    if (dirname(folder) === folder) throw new Error('cannot find the project root above ' + from);
  }
}
