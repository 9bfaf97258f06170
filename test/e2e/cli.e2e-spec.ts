import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import knex from 'knex';
import { ROSTERING_ROUTES } from '../../src/api/rostering-routes';
import { COMMANDS } from '../../src/cli/commands';
import { buildProgram } from '../../src/cli/program';
import { verifySecret } from '../../src/config/secret-hash';
import type { MappingDiagnostic } from '../../src/mapping/diagnostics/mapping-diagnostic';
import { buildMappingSchema } from '../../src/mapping/format/write-mapping-schema';
import type { Explanation } from '../../src/tools/explain';
import type { SnapshotOutcome } from '../../src/tools/snapshot';
import type { MappingsCheckReport } from '../../src/tools/check-mappings-report';
import { routeTableMarkdown } from '../../src/tools/route-table';
import { CLI_MAIN, CliResult, runBuiltCli } from '../support/run-built-tool';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { sourceEnv } from '../support/spawned-server';
import { DEMO_CLIENT, freshTrackingStore, PROJECT_ROOT, testDemoFile, writableDemoCopy } from '../support/test-server';

/**
 * `oneroster-adapter` as a user runs it: the built bin (`node dist/cli/main.js`; `npm test` builds
 * first), on the demo district. stdout and stderr are pipes here, so output is uncoloured and no
 * progress bar is drawn unless a test forces colour.
 */

const DEMO_MAPPINGS = join(PROJECT_ROOT, 'mappings', 'demo');
/** What a stack trace looks like: never shown to a user. */
const STACK_LINE = /^\s+at .*(\.js|\.ts|node:)/m;

let demoEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  demoEnv = { ONEROSTER_DEMO_FILE: await testDemoFile() };
});

/** Every command path of the program, e.g. `mappings check`, groups included. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

/** A usage error: exit 2, the problem and a hint on stderr, nothing on stdout, no stack. */
function expectUsageError(result: CliResult, problem: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(problem);
  expect(result.stderr).toMatch(/--help/);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

/** A copy of the demo mapping folder with one text replaced in one file. */
function editedDemoMappings(file: string, from: string, to: string): { folder: string; text: string } {
  const folder = mkdtempSync(join(tmpdir(), 'cli-mappings-'));
  cpSync(DEMO_MAPPINGS, folder, { recursive: true });
  const original = readFileSync(join(folder, file), 'utf8');
  expect(original).toContain(from);
  const text = original.replace(from, to);
  writeFileSync(join(folder, file), text);
  return { folder, text };
}

/** 1-based line and column where `needle` starts in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('oneroster-adapter --help and --version', () => {
  const paths = commandPaths(buildProgram());

  it('registers the commands the README documents', () => {
    expect(COMMANDS.length).toBeGreaterThan(0);
    expect(paths.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining(['serve', 'mappings', 'mappings check', 'mappings schema', 'mappings init', 'explain', 'doctor', 'export', 'export csv', 'snapshot', 'hash-secret', 'demo', 'demo generate', 'routes']),
    );
  });

  it('lists every command in the top-level help', async () => {
    const { code, stdout, stderr } = await runBuiltCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: oneroster-adapter \[options\] \[command\]/);
    for (const [name] of paths.filter((path) => path.length === 1)) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it.each(commandPaths(buildProgram()).map((path) => [path.join(' '), path]))('prints the usage of %s', async (_title, path) => {
    const { code, stdout, stderr } = await runBuiltCli([...(path as string[]), '--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Usage: oneroster-adapter ${(path as string[]).join(' ')}\\b`));
    expect(stdout).toMatch(/-h, --help/);
  });

  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await runBuiltCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('is the package bin, and dist/main.js is still the server', async () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(join(PROJECT_ROOT, pkg.bin['oneroster-adapter'])).toBe(CLI_MAIN);
    expect(readFileSync(CLI_MAIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    const legacy = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'main.js'), '--help'], { cwd: PROJECT_ROOT });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('error', reject);
      child.on('exit', () => resolve(stdout));
    });
    expect(legacy).toMatch(/^Usage: oneroster-adapter serve\b/);
  });
});

describe('oneroster-adapter usage errors', () => {
  it('rejects an unknown command with a suggestion, exit 2', async () => {
    expectUsageError(await runBuiltCli(['docter']), /^error: unknown command 'docter'\n\(Did you mean doctor\?\)/);
  });

  it('rejects an unknown option, exit 2', async () => {
    expectUsageError(await runBuiltCli(['doctor', '--jsn']), /^error: unknown option '--jsn'/);
  });

  it('rejects bad values before doing any work, exit 2', async () => {
    expectUsageError(await runBuiltCli(['explain', 'pupils']), /unknown entity "pupils"; expected one of academicSessions, orgs, users/);
    expectUsageError(await runBuiltCli(['explain', 'users', '--dialect', 'oracle']), /Allowed choices are sqlite, mysql, postgres, mssql/);
    expectUsageError(await runBuiltCli(['demo', 'generate', '--students', '0']), /--students must be a whole number from 1 to 10000000/);
    expectUsageError(await runBuiltCli(['routes', 'extra']), /too many arguments/);
  });

  it('rejects a malformed OneRoster filter as a bad value, with its position', async () => {
    expectUsageError(await runBuiltCli(['explain', 'users', "filter=familyName='Smith' AND"], demoEnv), /^invalid request: .*column \d+/);
  });

  it('shows the usage on stderr when no command is given, exit 2', async () => {
    const { code, stdout, stderr } = await runBuiltCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: oneroster-adapter/);
  });

  it('reports a bad configuration in one clear message, exit 1', async () => {
    const { code, stderr } = await runBuiltCli(['doctor'], { ...demoEnv, ONEROSTER_MAX_LIMIT: 'many' });
    expect(code).toBe(1);
    expect(stderr).toContain('ONEROSTER_MAX_LIMIT: expected a whole number');
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe('oneroster-adapter mappings check', () => {
  it('passes the demo mappings, reading every record (--json)', async () => {
    const { code, stdout, stderr } = await runBuiltCli(['mappings', 'check', '--json'], demoEnv);
    const report = JSON.parse(stdout) as MappingsCheckReport;
    expect(report).toMatchObject({ ok: true, errors: 0, mappings: DEMO_MAPPINGS, schema: { ok: true } });
    expect(report.data?.entities.find((entity) => entity.entity === 'users')?.records).toBe(2391);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('reports a broken mapping file with file:line:column and exits 1, in text and in --json', async () => {
    const { folder, text } = editedDemoMappings('orgs.yaml', 'name: S.SCH_NM', 'nmae: S.SCH_NM');
    const at = positionOf(text, 'nmae: S.SCH_NM');

    const human = await runBuiltCli(['mappings', 'check', '--mappings', folder], demoEnv);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`orgs\\.yaml:${at.line}:${at.column}\\s+MAPPING_UNKNOWN_FIELD .*did you mean "name"`));
    expect(human.stdout).toMatch(/^Result {4}\d+ errors? \(exit 1\)$/m);
    expect(human.stderr).toBe('');

    const machine = await runBuiltCli(['mappings', 'check', '--mappings', folder, '--json'], demoEnv);
    const report = JSON.parse(machine.stdout) as MappingsCheckReport;
    expect(machine.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.schema.diagnostics).toContainEqual(expect.objectContaining<Partial<MappingDiagnostic>>({ file: join(folder, 'orgs.yaml'), line: at.line, column: at.column, code: 'MAPPING_UNKNOWN_FIELD' }));
  });

  it('colours the result on request (FORCE_COLOR) and never when NO_COLOR is set', async () => {
    const forced = await runBuiltCli(['mappings', 'check', '--schema-only'], { ...demoEnv, FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(/^Result {4}\x1b\[32mno problems \(exit 0\)\x1b\[39m$/m);
    const refused = await runBuiltCli(['mappings', 'check', '--schema-only'], { ...demoEnv, FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(refused.stdout).toMatch(/^Result {4}no problems \(exit 0\)$/m);
    expect(refused.stdout).not.toContain('\x1b[');
  });
});

describe('oneroster-adapter mappings schema', () => {
  it('writes the JSON Schema the mapping files refer to', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-schema-')), 'mapping.schema.json');
    const { code, stdout } = await runBuiltCli(['mappings', 'schema', file]);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${file}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(buildMappingSchema());
  });
});

describeEachSource('oneroster-adapter explain', (target) => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = sourceEnv(await prepareSource(target));
  });

  it("prints the page and count SQL of a filtered request and the database's plan", async () => {
    const { code, stdout, stderr } = await runBuiltCli(['explain', 'users', "filter=familyName='Smith'&limit=5"], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^-- source: /);
    // The default order reads source by source: one page query per source, each with its plan.
    expect(stdout).toMatch(/^-- page of students\n.*SELECT .*STU_MSTR.* ORDER BY .*STU_ID.*;$/m);
    expect(stdout).toMatch(/^-- page of staff\n.*SELECT .*STF_MSTR.*;$/m);
    expect(stdout).toMatch(/^-- count \(X-Total-Count\)\nSELECT 0 AS .__source.?, COUNT\(\*\)/m);
    expect(stdout).toMatch(/^-- bindings: .*"Smith"/m);
    expect(stdout).toMatch(/^-- plan of the page of students query\n\S/m);
    expect(stdout).toMatch(/^-- plan of the page of staff query\n\S/m);
  });

  it('shows a sorted request as the UNION page and its count', async () => {
    const { code, stdout } = await runBuiltCli(['explain', 'users', 'sort=familyName&limit=5'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^-- page\n(select|SELECT) .*UNION ALL.*;$/m);
    expect(stdout).toMatch(/^-- plan of the page query\n\S/m);
  });

  it('answers --json with the queries, their bindings and the plan', async () => {
    const { code, stdout } = await runBuiltCli(['explain', 'users', "filter=familyName='Smith'", '--json'], env);
    const explanation = JSON.parse(stdout) as Explanation;
    expect(code).toBe(0);
    expect(explanation).toMatchObject({ entity: 'users', dialect: target.name === 'mariadb' ? 'mysql' : target.name });
    expect(explanation.queries.map((query) => query.title)).toEqual(['page of students', 'page of staff', 'page of contacts', 'count']);
    expect(explanation.queries[0].bindings).toContain('Smith');
    expect(explanation.plan).toEqual(expect.any(String));
    expect(explanation.plan!.length).toBeGreaterThan(0);
  });
});

describe('oneroster-adapter explain --dialect', () => {
  it("prints another dialect's SQL without connecting to any database", async () => {
    const { code, stdout } = await runBuiltCli(['explain', 'classes', 'sort=title&limit=3&offset=6', '--dialect', 'mssql', '--source', 'mysql://nobody:secret@127.0.0.1:1/none']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^-- dialect: mssql \(not connected\)/);
    expect(stdout).toMatch(/offset @p\d+ rows fetch next @p\d+ rows only/i);
    expect(stdout).not.toMatch(/plan of the page query/);
  });
});

describe('oneroster-adapter doctor --json', () => {
  it('answers a machine on stdout when the source cannot be read, and a person on stderr, exit 1', async () => {
    const { code, stdout, stderr } = await runBuiltCli(['doctor', '--json', '--source', 'postgres://nobody:pw-not-shown@127.0.0.1:1/none']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ ok: false, error: expect.stringMatching(/^oneroster-adapter doctor failed: /) });
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout + stderr).not.toContain('pw-not-shown');
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe('oneroster-adapter snapshot', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ONEROSTER_DEMO_FILE: await writableDemoCopy('cli-snapshot'), ONEROSTER_TRACKING_STORE: `sqlite:${freshTrackingStore()}` };
  });

  it('records every tracked record as new on the first pass, then nothing new', async () => {
    const first = await runBuiltCli(['snapshot', '--json'], env);
    expect(first.code).toBe(0);
    const outcome = JSON.parse(first.stdout) as SnapshotOutcome;
    expect(outcome.store).toBe(env.ONEROSTER_TRACKING_STORE);
    expect(outcome.results.length).toBeGreaterThan(0);
    for (const { counts } of outcome.results) expect(counts).toEqual({ records: counts.records, added: counts.records, changed: 0, deleted: 0 });

    const second = await runBuiltCli(['snapshot'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^entity\s+records\s+new\s+changed\s+deleted\s+ms$/m);
    for (const { entity, counts } of outcome.results) expect(second.stdout).toMatch(new RegExp(`^${entity}\\s+${counts.records}\\s+0\\s+0\\s+0\\s+\\d+$`, 'm'));
  });

  it('says there is nothing to do when no mapping declares tracking:', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-untracked-'));
    cpSync(join(DEMO_MAPPINGS, 'orgs.yaml'), join(folder, 'orgs.yaml'));
    const { code, stdout, stderr } = await runBuiltCli(['snapshot', '--mappings', folder], env);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/declares tracking:; nothing to do/);
  });
});

describe('oneroster-adapter hash-secret', () => {
  it('hashes a secret piped on stdin into a hash the server verifies', async () => {
    const { code, stdout, stderr } = await runBuiltCli(['hash-secret'], {}, { input: 'correct horse\n' });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const hash = stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    await expect(verifySecret('correct horse', hash)).resolves.toBe(true);
    await expect(verifySecret('correct horse\n', hash)).resolves.toBe(false);
  });

  it('takes the secret as an argument too, and answers --json', async () => {
    const { code, stdout } = await runBuiltCli(['hash-secret', '--json', 's3cret']);
    expect(code).toBe(0);
    const { secretHash } = JSON.parse(stdout) as { secretHash: string };
    await expect(verifySecret('s3cret', secretHash)).resolves.toBe(true);
  });

  it('refuses an empty secret, exit 2', async () => {
    expectUsageError(await runBuiltCli(['hash-secret'], {}, { input: '' }), /^the secret is empty/);
  });
});

describe('oneroster-adapter demo generate', () => {
  it('writes a district of the size asked for into a SQLite file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-demo-')), 'district.sqlite');
    const { code, stderr } = await runBuiltCli(['demo', 'generate', '--students', '7', '--seed', '42', '--out', file]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^generating 7 students \(seed 42\) into /);
    expect(stderr).toMatch(/^done: \d+ rows in [\d.]+ s$/m);
    expect(existsSync(file)).toBe(true);
    const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      expect(await db('STU_MSTR').count({ n: '*' })).toEqual([{ n: 7 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('oneroster-adapter routes', () => {
  it('prints the route table, and every route as JSON', async () => {
    const table = await runBuiltCli(['routes']);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(`${routeTableMarkdown()}\n`);
    const json = await runBuiltCli(['routes', '--json']);
    const routes = JSON.parse(json.stdout) as Array<{ operationId: string; paths: string[] }>;
    expect(routes.map((route) => route.operationId)).toEqual(ROSTERING_ROUTES.map((route) => route.operationId));
    expect(routes.find((route) => route.operationId === 'getAllUsers')?.paths).toEqual(['/ims/oneroster/v1p1/users', '/ims/oneroster/rostering/v1p2/users']);
  });
});

describe('oneroster-adapter serve', () => {
  it('serves readiness, a token and /users, then exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...demoEnv, ONEROSTER_SOURCE_URL: '', ONEROSTER_MAPPINGS: '', PORT: '0', ONEROSTER_TRACKING_STORE: `sqlite:${freshTrackingStore()}` },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Token URL\s+http:\/\/localhost:(\d+)\/oauth\/token/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${match[1]}`);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then(() => reject(new Error(`serve exited before it was ready:\n${output}`)));
      });
      expect(output).toMatch(/OneRoster 1\.1 API\s+http:\/\/localhost:\d+\/ims\/oneroster\/v1p1/);

      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const token = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(token.status).toBe(200);
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const users = await fetch(`${url}/ims/oneroster/v1p1/users?limit=2`, { headers: { Authorization: `Bearer ${accessToken}` } });
      expect(users.status).toBe(200);
      expect(users.headers.get('x-total-count')).toBe('2391');
      expect(((await users.json()) as { users: unknown[] }).users).toHaveLength(2);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
