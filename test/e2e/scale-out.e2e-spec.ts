import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { sourceEnv, SpawnedServer, spawnServer } from '../support/spawned-server';
import { freshTrackingStore, PROJECT_ROOT } from '../support/test-server';

type Row = Record<string, unknown>;
type Page = Record<string, Row[]>;

const V1P1 = '/ims/oneroster/v1p1';
const V1P2 = '/ims/oneroster/rostering/v1p2';
const KEY_1 = { id: 'scale-out-1', env: 'ONEROSTER_TEST_SCALE_OUT_KEY_1' };
const KEY_2 = { id: 'scale-out-2', env: 'ONEROSTER_TEST_SCALE_OUT_KEY_2' };

/**
 * Several instances behind a load balancer, over the same SIS, each its own process (in one
 * process passport's strategy registry is global, so in-process servers would all verify tokens
 * with the last one's keys and prove nothing here).
 *
 * Bearer tokens are self-contained HS256 JWTs, with no session store, so an instance accepts a
 * token another instance issued **if and only if** they share the signing keys
 * (`auth.signingKeys`, values from environment variables). Without configured keys each process
 * makes a random key with a random key id at startup, and a token from one instance is a 401 on
 * the next: a client balanced across instances would fail at random, and every restart would
 * invalidate every token. Paging is stateless as well (limit/offset over a total order that ends
 * in sourcedId), so a walk may move between instances from one page to the next.
 */
describeEachSource('scale-out: several instances over one source', (target) => {
  let env: NodeJS.ProcessEnv;
  let folder: string;
  const started: SpawnedServer[] = [];
  let configs = 0;

  /** An instance whose config is config/default.yaml plus these signing keys (none: a random key per process). */
  const start = async (...keys: Array<{ id: string; env: string }>): Promise<SpawnedServer> => {
    const config = parseYaml(readFileSync(join(PROJECT_ROOT, 'config', 'default.yaml'), 'utf8')) as { auth?: Record<string, unknown> };
    config.auth = { ...config.auth, signingKeys: keys.length > 0 ? keys.map(({ id, env: name }) => ({ id, secret: { env: name } })) : undefined };
    const file = join(folder, `instance-${(configs += 1)}.yaml`);
    writeFileSync(file, toYaml(config));
    const server = await spawnServer({ ...env, ONEROSTER_CONFIG: file });
    started.push(server);
    return server;
  };
  const tokenFrom = (server: SpawnedServer) => new OneRosterClient(server.url).accessToken();
  const getWith = (token: string, url: string) => new OneRosterClient(url).raw<Page>(url, { Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'oneroster-scale-out-'));
    env = {
      ...sourceEnv(await prepareSource(target)),
      [KEY_1.env]: randomBytes(32).toString('base64'),
      [KEY_2.env]: randomBytes(32).toString('base64'),
      // Instances behind one address share one change-tracking store (README, Change tracking).
      ONEROSTER_TRACKING_STORE: `sqlite:${freshTrackingStore()}`,
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()));
    rmSync(folder, { recursive: true, force: true });
  });

  describe('with shared signing keys', () => {
    let a: SpawnedServer;
    let b: SpawnedServer;
    beforeAll(async () => {
      [a, b] = await Promise.all([start(KEY_1), start(KEY_1)]);
    });

    it('a token from instance A opens both versions on instance B', async () => {
      const token = await tokenFrom(a);
      for (const basePath of [V1P1, V1P2]) {
        const answer = await getWith(token, `${b.url}${basePath}/orgs?limit=1`);
        expect(answer.status).toBe(200);
        expect(answer.body.orgs).toHaveLength(1);
      }
    });

    it.each([
      [V1P1, 'users', 250],
      [V1P2, 'enrollments', 700],
    ])('%s/%s walked page by page alternating A and B equals a walk of A alone, without duplicates or gaps', async (basePath, entity, limit) => {
      const token = await tokenFrom(a);
      const single = await new OneRosterClient(a.url, undefined, basePath).walk(entity, {}, limit);

      const alternating: Row[] = [];
      let total = Number.NaN;
      for (let page = 0; page === 0 || page * limit < total; page += 1) {
        const instance = page % 2 === 0 ? a : b;
        const answer = await getWith(token, `${instance.url}${basePath}/${entity}?limit=${limit}&offset=${page * limit}`);
        expect(answer.status).toBe(200);
        const pageTotal = Number(answer.headers.get('x-total-count'));
        if (page > 0) expect(pageTotal).toBe(total);
        total = pageTotal;
        alternating.push(...answer.body[entity]);
      }

      const ids = alternating.map((row) => String(row.sourcedId));
      expect(total).toBeGreaterThan(2 * limit);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(total);
      expect(ids).toEqual(single.map((row) => String(row.sourcedId)));
      // Whole records too, once each instance's own address in hrefs is set aside.
      const hostless = (rows: Row[]) => JSON.parse(JSON.stringify(rows).split(a.url).join('<instance>').split(b.url).join('<instance>')) as Row[];
      expect(hostless(alternating)).toEqual(hostless(single));
    });
  });

  describe('without shared signing keys', () => {
    it('a token from instance A is refused by instance B with 401 invalid_token: each process signs with its own random key', async () => {
      const [a, b] = await Promise.all([start(), start()]);
      expect(a.output()).toMatch(/auth\.signingKeys is not set: using a random per-process signing key/);
      const token = await tokenFrom(a);
      expect((await getWith(token, `${a.url}${V1P1}/orgs?limit=1`)).status).toBe(200);
      const onB = await getWith(token, `${b.url}${V1P1}/orgs?limit=1`);
      expect(onB.status).toBe(401);
      expect(onB.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      expect(onB.body).toMatchObject({ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorisedrequest' }] } });
      expect((await getWith(token, `${b.url}${V1P2}/orgs?limit=1`)).status).toBe(401);
    });
  });

  describe('rotating the signing key across instances', () => {
    // The rollout SECURITY.md describes: add the new key as a verifying key everywhere, then make it
    // the signing key everywhere, then remove the old one once the last token it signed has expired.
    it("instances one rollout step apart accept each other's tokens; an instance without the old key refuses old tokens", async () => {
      const [step1, step2, step3] = await Promise.all([
        start(KEY_1, KEY_2), // signs with key 1, verifies 1 and 2
        start(KEY_2, KEY_1), // signs with key 2, verifies 2 and 1
        start(KEY_2), // key 2 only
      ]);
      const status = async (issuer: SpawnedServer, verifier: SpawnedServer) => (await getWith(await tokenFrom(issuer), `${verifier.url}${V1P1}/orgs?limit=1`)).status;
      expect(await status(step1, step2)).toBe(200);
      expect(await status(step2, step1)).toBe(200);
      expect(await status(step2, step3)).toBe(200);
      expect(await status(step1, step3)).toBe(401);
    });
  });
});
