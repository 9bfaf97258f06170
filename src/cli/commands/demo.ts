import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_SEED } from '../../demo/random';
import { colours, fail, USAGE_EXIT } from '../output';

interface GenerateOptions {
  students?: number;
  seed: number;
  out: string;
  url?: string;
}

const STUDENT_RANGE = { min: 1, max: 10_000_000 };
const SEED_RANGE = { min: 0, max: 2_147_483_647 };

/** `demo generate`: the synthetic district the demo, the tests and the benchmarks serve. */
export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('Generate the synthetic demo district');
  demo
    .command('generate')
    .description('Generate a synthetic district in the legacy SIS schema the demo mappings read')
    .option('--students <n>', `students to generate, ${STUDENT_RANGE.min} to ${STUDENT_RANGE.max} (default: as many as the embedded demo)`, integerIn('--students', STUDENT_RANGE))
    .option('--seed <n>', 'random seed: the same seed gives the same district', integerIn('--seed', SEED_RANGE), DEFAULT_SEED)
    .option('--out <file>', 'the SQLite file to write', 'data/demo.sqlite')
    .option('--url <url>', 'write into this database instead (mysql://, postgres://, mssql://), replacing its legacy tables')
    .addHelpText('after', '\nExample: oneroster-adapter demo generate --students 100000 --out data/demo-100000.sqlite')
    .action(async (options: GenerateOptions) => {
      // Loaded here, not at the top: knex and the SQLite driver are only needed once there is work.
      const { generateDemo, knexConfigFromUrl } = await import('../../demo/generate-cli');
      const { DEFAULT_DEMO_STUDENTS } = await import('../../demo/demo-database');
      if (options.url !== undefined) {
        try {
          knexConfigFromUrl(options.url);
        } catch (error) {
          fail(`--url: ${(error as Error).message.replace(/^ONEROSTER_SOURCE_URL: /, '')}`, USAGE_EXIT);
        }
      }
      const c = colours(process.stderr);
      const log = (line: string) => process.stderr.write(`${line.startsWith('done:') ? c.green(line) : line}\n`);
      await generateDemo({ ...options, students: options.students ?? DEFAULT_DEMO_STUDENTS }, log);
    });
}

function integerIn(flag: string, range: { min: number; max: number }): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < range.min || n > range.max) throw new InvalidArgumentError(`${flag} must be a whole number from ${range.min} to ${range.max}.`);
    return n;
  };
}
