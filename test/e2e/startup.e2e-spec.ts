import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN } from '../support/run-built-tool';
import { PROJECT_ROOT, testDemoFile } from '../support/test-server';

/**
 * The process as `npm start` runs it (`oneroster-adapter serve`, i.e. `node dist/cli/main.js
 * serve` after the build): what it prints on success, and how it refuses to start on a broken
 * mapping or configuration.
 */
function runMain(env: NodeJS.ProcessEnv, untilOutput?: RegExp): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // `npm test` builds dist/ first.
    const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish:\n${output}`));
    }, 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (untilOutput && untilOutput.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('starting the adapter', () => {
  it('prints the API base URL, the token URL and the demo client, then serves', async () => {
    const { output } = await runMain({ PORT: '0', ONEROSTER_DEMO_FILE: await testDemoFile() }, /Demo client/);
    expect(output).toMatch(/OneRoster 1\.1 API\s+http:\/\/localhost:\d+\/ims\/oneroster\/v1p1/);
    expect(output).toMatch(/Token URL\s+http:\/\/localhost:\d+\/oauth\/token/);
    expect(output).toContain('id: demo-client   secret: demo-secret');
  });

  it('refuses to start on a broken mapping, reporting every problem with file, line and column', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'broken-mappings-'));
    writeFileSync(
      join(folder, 'users.yaml'),
      ['version: 1', 'entity: users', 'sources:', '  - name: s', '    table: STU', '    alias: S', '    fields:', '      sourcedId: SS.ID', '      famlyName: S.LN', ''].join('\n'),
    );
    const { code, output } = await runMain({ PORT: '0', ONEROSTER_MAPPINGS: folder });
    expect(code).toBe(1);
    expect(output).toMatch(/users\.yaml:8:18\s+MAPPING_UNKNOWN_ALIAS/);
    expect(output).toMatch(/users\.yaml:9:7\s+MAPPING_UNKNOWN_FIELD .*did you mean "familyName"/);
    expect(output).toMatch(/MAPPING_REQUIRED_FIELD/);
    expect(output).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('refuses to start on an invalid setting and names it', async () => {
    const { code, output } = await runMain({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('PORT: expected a whole number');
  });
});
