import type { Command } from 'commander';
import type { SnapshotOutcome } from '../../tools/snapshot';
import { configFromOptions, ConfigOptions, withConfigOptions } from '../config-options';
import { colours, printJson, printText, progressBar } from '../output';

interface SnapshotOptions extends ConfigOptions {
  json?: boolean;
}

export function registerSnapshot(program: Command): void {
  withConfigOptions(
    program
      .command('snapshot')
      .description('Run the change-tracking snapshot pass once and print what changed')
      .option('--json', 'print the store and the counts per entity as JSON')
      .addHelpText(
        'after',
        `
For every entity whose mapping declares tracking: (the server also runs the pass every
tracking.intervalMinutes). Reads the configured source and writes only the adapter's own tracking
store (tracking.store).`,
      ),
  ).action(async (options: SnapshotOptions) => {
    const config = configFromOptions(options);
    const { runSnapshot } = await import('../../tools/snapshot');
    const bar = progressBar({ enabled: !options.json, unit: 'entities' });
    let outcome: SnapshotOutcome;
    try {
      outcome = await runSnapshot(config, {
        onEntity: (entity, index, total) => {
          if (index === 0) bar.start(total, 'snapshot');
          bar.update(index);
        },
      });
      bar.update(outcome.results.length);
    } finally {
      bar.stop();
    }
    if (options.json) printJson(outcome);
    else if (outcome.store === undefined) process.stderr.write(`no mapping in ${outcome.mappings} declares tracking:; nothing to do\n`);
    else printText(formatSnapshot(outcome));
  });
}

function formatSnapshot(outcome: SnapshotOutcome): string {
  const c = colours();
  const row = (cells: readonly string[]) => `${cells[0].padEnd(18)}${cells.slice(1).map((cell, index) => cell.padStart(index === 4 ? 8 : 9)).join('')}`;
  return [
    `tracking store ${outcome.store}`,
    c.bold(row(['entity', 'records', 'new', 'changed', 'deleted', 'ms'])),
    ...outcome.results.map(({ entity, counts, milliseconds }) => row([entity, counts.records, counts.added, counts.changed, counts.deleted, milliseconds].map(String))),
  ].join('\n');
}
