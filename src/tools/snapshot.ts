import 'reflect-metadata';
import { RosterReader } from '../api/roster-reader';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { compileMappings } from '../mapping/compile-mappings';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../mapping/diagnostics/render-diagnostics';
import { openConfiguredSource } from '../source/configured-source';
import { runSnapshotPass, trackedEntities } from '../tracking/snapshot-pass';
import { TrackingStore } from '../tracking/tracking-store';

const USAGE = `usage: npm run snapshot [-- --json]

Runs the change-tracking snapshot pass once, now, for every entity whose mapping declares
tracking: (the server also runs it every tracking.intervalMinutes). Reads the configured source,
writes only the adapter's own tracking store (tracking.store), and prints what changed.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = argv.includes('--json');
  const config = loadConfig();
  const mapping = compileMappings(config.mappings);
  if (trackedEntities(mapping).length === 0) {
    process.stderr.write(`no mapping in ${config.mappings} declares tracking:; nothing to do\n`);
    return 0;
  }
  const source = await openConfiguredSource(config, { poolMax: 1 });
  const store = await TrackingStore.open(config.tracking.store);
  try {
    const results = await runSnapshotPass(new RosterReader(mapping, source), store, mapping, { retentionDays: config.tracking.retentionDays });
    if (json) process.stdout.write(`${JSON.stringify({ store: store.display, results }, null, 2)}\n`);
    else {
      process.stdout.write(`tracking store ${store.display}\n`);
      process.stdout.write(`${'entity'.padEnd(18)}${'records'.padStart(9)}${'new'.padStart(9)}${'changed'.padStart(9)}${'deleted'.padStart(9)}${'ms'.padStart(8)}\n`);
      for (const { entity, counts, milliseconds } of results) {
        process.stdout.write(`${entity.padEnd(18)}${String(counts.records).padStart(9)}${String(counts.added).padStart(9)}${String(counts.changed).padStart(9)}${String(counts.deleted).padStart(9)}${String(milliseconds).padStart(8)}\n`);
      }
    }
    return 0;
  } finally {
    await store.close();
    await source.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof MappingError) process.stderr.write(`${renderDiagnostics(error.diagnostics)}\n`);
    else process.stderr.write(`snapshot failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exit(1);
  },
);
