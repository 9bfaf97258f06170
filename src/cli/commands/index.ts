import type { Command } from 'commander';
import { registerDemo } from './demo';
import { registerDoctor } from './doctor';
import { registerExplain } from './explain';
import { registerExport } from './export-csv';
import { registerHashSecret } from './hash-secret';
import { registerMappings } from './mappings';
import { registerRoutes } from './routes';
import { registerServe } from './serve';
import { registerSnapshot } from './snapshot';

/** Adds one command (or command group) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerServe,
  registerMappings,
  registerExplain,
  registerDoctor,
  registerExport,
  registerSnapshot,
  registerHashSecret,
  registerDemo,
  registerRoutes,
];
