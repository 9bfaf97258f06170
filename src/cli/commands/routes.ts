import type { Command } from 'commander';
import { printJson, printText } from '../output';

export function registerRoutes(program: Command): void {
  program
    .command('routes')
    .description('List the rostering routes the server serves')
    .option('--json', 'print the routes as JSON: operationId, path per version, entity, kind')
    .option('--update-readme', "rewrite the route table section of this package's README.md (a test fails when it is stale)")
    .action(async (options: { json?: boolean; updateReadme?: boolean }) => {
      const { openApiPath, ROSTERING_ROUTES } = await import('../../api/rostering-routes');
      const { ONEROSTER_VERSIONS } = await import('../../oneroster/versions');
      const { README_FILE, routeTableMarkdown, updateReadmeRouteTable } = await import('../../tools/route-table');
      if (options.updateReadme) {
        updateReadmeRouteTable();
        printText(`updated the route table in ${README_FILE}`);
      } else if (options.json) {
        printJson(
          ROSTERING_ROUTES.map((route) => ({
            operationId: route.operationId,
            paths: ONEROSTER_VERSIONS.map((version) => `${version.basePath}${openApiPath(route.path)}`),
            entity: route.entity,
            kind: route.kind,
          })),
        );
      } else printText(routeTableMarkdown());
    });
}
