#!/usr/bin/env node
import { runCli } from './run';

/** `oneroster-adapter <command>`: the package's bin (`npx oneroster-adapter --help`). */
void runCli(process.argv.slice(2));
