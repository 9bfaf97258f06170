import { Command, InvalidArgumentError, Option } from 'commander';
import { ENTITY_NAMES, EntityName, isEntityName } from '../../oneroster/entity-catalogue';
import type { DialectName } from '../../query/dialects/sql-dialect';
import { configFromOptions, ConfigOptions, withConfigOptions } from '../config-options';
import { colours, fail, printJson, printText, USAGE_EXIT } from '../output';

interface ExplainOptions extends ConfigOptions {
  dialect?: DialectName;
  json?: boolean;
}

const DIALECT_NAMES: readonly DialectName[] = ['sqlite', 'mysql', 'postgres', 'mssql'];

export function registerExplain(program: Command): void {
  withConfigOptions(
    program
      .command('explain')
      .description('Show the SQL and the database\'s plan for a OneRoster request')
      .argument('<entity>', `a collection (${ENTITY_NAMES.join(', ')}), or <entity>/<sourcedId> for one record`, parseTarget)
      .argument('[query]', 'the request\'s query string: "filter=…&sort=…&limit=…"')
      .addOption(new Option('--dialect <name>', "print that dialect's SQL without connecting").choices(DIALECT_NAMES))
      .option('--json', 'print the queries, bindings and plan as JSON')
      .addHelpText(
        'after',
        `
Connected to the configured source, the plan shows whether an index serves a filter.
Example: oneroster-adapter explain users "filter=dateLastModified>'2025-01-01T00:00:00.000Z'"`,
      ),
  ).action(async (target: { entity: EntityName; sourcedId?: string }, query: string | undefined, options: ExplainOptions) => {
    const config = configFromOptions(options);
    const { explainRequest, formatExplanation } = await import('../../tools/explain');
    const { OneRosterRequestError } = await import('../../errors/oneroster-request-error');
    let explanation;
    try {
      explanation = await explainRequest(config, { ...target, query: query ?? '', dialect: options.dialect });
    } catch (error) {
      // A filter, sort or limit the API would answer 400 is a bad value on the command line.
      if (error instanceof OneRosterRequestError) fail(`invalid request: ${error.message}`, USAGE_EXIT);
      throw error;
    }
    if (options.json) printJson(explanation);
    else printText(highlightComments(formatExplanation(explanation)));
  });
}

function parseTarget(text: string): { entity: EntityName; sourcedId?: string } {
  const slash = text.indexOf('/');
  const entity = slash < 0 ? text : text.slice(0, slash);
  const sourcedId = slash < 0 ? undefined : text.slice(slash + 1);
  if (!isEntityName(entity)) throw new InvalidArgumentError(`unknown entity "${entity}"; expected one of ${ENTITY_NAMES.join(', ')}.`);
  if (sourcedId === '') throw new InvalidArgumentError('the sourcedId after "/" is empty.');
  return { entity, sourcedId };
}

/** SQL comments dimmed, so the statements stand out on a terminal. */
function highlightComments(text: string): string {
  const c = colours();
  return text
    .split('\n')
    .map((line) => (line.startsWith('-- ') ? c.dim(line) : line))
    .join('\n');
}
