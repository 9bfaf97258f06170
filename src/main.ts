import { runCli } from './cli/run';

/**
 * `node dist/main.js` is `oneroster-adapter serve`: older deployments, the soak bench and the
 * test harness start the server by this path.
 */
void runCli(['serve', ...process.argv.slice(2)]);
