import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { parse as parseYaml } from 'yaml';
import { ROSTERING_ROUTES } from '../../src/api/rostering-routes';
import { ClientRegistry } from '../../src/auth/client-registry';
import { expandScope } from '../../src/auth/scopes';
import { TokenService } from '../../src/auth/token.service';
import type { AppConfig } from '../../src/config/app-config';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/load-config';
import { HealthController } from '../../src/health/health.controller';
import { PING_TIMEOUT_MS } from '../../src/health/source-health.indicator';
import { compileMappings } from '../../src/mapping/compile-mappings';
import { ONEROSTER_VERSIONS } from '../../src/oneroster/versions';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { trackedEntities } from '../../src/tracking/snapshot-pass';
import { freshTrackingStore, PROJECT_ROOT, testDemoFile } from '../support/test-server';
import { configReadsVariable, secretReferences } from './app-environment';
import { ContainerProcess, exitWithin, freePort, runContainerCommand, waitUntilServing } from './container-process';
import { commandWords, DockerStage, envPairs, healthcheckCommand, instructionsOf, parseCopy, parseDockerfile } from './dockerfile';
import {
  Container,
  HttpProbe,
  loadKustomization,
  mountedConfigMapFile,
  objectsOfKind,
  podTemplates,
  quantity,
  readManifests,
  resolveEnvironment,
  resolvePort,
  selects,
  theObject,
} from './kubernetes-manifests';

/**
 * The Dockerfile and the Kubernetes manifests (deploy/kubernetes) checked against the app they
 * deploy: ports, probe paths, environment variables, the mounted configuration, users and
 * writable paths are compared with what the code reads and serves, and finally the container's
 * own command is run with the pod's environment and asked over HTTP. No Docker engine or cluster
 * is needed (or available in CI): the image is not built here, so every path it copies is checked
 * to exist after `npm run build` instead.
 */

const DEPLOY = join(PROJECT_ROOT, 'deploy', 'kubernetes');
const SECRET_TEMPLATE = join(DEPLOY, 'secret.template.yaml');

const dockerfile = parseDockerfile(readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const kustomization = loadKustomization(DEPLOY);
const objects = kustomization.objects;
const secret = theObject(readManifests(SECRET_TEMPLATE), 'Secret');
const deployment = theObject(objects, 'Deployment');
const pods = podTemplates(objects);
const servingPod = pods.find((pod) => pod.owner === deployment)!;
const adapter = servingPod.spec.containers[0];
const snapshotJob = theObject(objects, 'CronJob');

/** A stage and the stages it is built FROM, the first ancestor first. */
function stageChain(stage: DockerStage): DockerStage[] {
  const parent = dockerfile.stages.find((candidate) => candidate.name === stage.base);
  return parent ? [...stageChain(parent), stage] : [stage];
}

function lastInstruction(stage: DockerStage, keyword: string): string | undefined {
  const found = stageChain(stage).flatMap((link) => instructionsOf(link, keyword));
  return found[found.length - 1]?.args;
}

const imageEnv: Record<string, string> = Object.fromEntries(stageChain(runtime).flatMap((stage) => instructionsOf(stage, 'ENV').flatMap((env) => [...envPairs(env.args)])));
const imageUser = Number((lastInstruction(runtime, 'USER') ?? 'root').split(':')[0]);
const imageWorkdir = (stage: DockerStage) => lastInstruction(stage, 'WORKDIR') ?? '/';
const entrypoint = commandWords(lastInstruction(runtime, 'ENTRYPOINT') ?? '[]');
const imageCmd = commandWords(lastInstruction(runtime, 'CMD') ?? '[]');
const exposedPort = Number(lastInstruction(runtime, 'EXPOSE')?.split('/')[0]);

/** What the kubelet runs: the container's command/args over the image's ENTRYPOINT/CMD. */
function containerCommand(container: Container): string[] {
  return container.command ? [...container.command, ...(container.args ?? [])] : [...entrypoint, ...(container.args ?? imageCmd)];
}

/** The file `node <file>` runs must come out of `npm run build` (tsconfig.build.json: rootDir → outDir). */
function expectBuiltScript(command: readonly string[]): void {
  expect(command[0]).toBe('node');
  const { compilerOptions } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
  const script = posix.normalize(command[1]);
  const outDir = posix.normalize(compilerOptions.outDir);
  expect(script.startsWith(`${outDir}/`)).toBe(true);
  const source = join(PROJECT_ROOT, compilerOptions.rootDir, relative(outDir, script).replace(/\.js$/, '.ts'));
  expect({ source: relative(PROJECT_ROOT, source), exists: existsSync(source) }).toEqual({ source: relative(PROJECT_ROOT, source), exists: true });
  expect({ built: script, exists: existsSync(join(PROJECT_ROOT, script)) }).toEqual({ built: script, exists: true });
}

/** The one directory the image lets the app write: where the demo file and the default tracking store go. */
function writableDirectory(env: Record<string, string>): { demo: string; store: string } {
  const config = loadConfig(env, PROJECT_ROOT);
  const store = parseConnectionUrl(config.tracking.store, '/app').connection as { filename?: string };
  return { demo: dirname(config.demo.file), store: store.filename ? dirname(store.filename) : '(not a file)' };
}
const dataDirectory = writableDirectory(imageEnv).demo;

/** The Secret's placeholders replaced by values that work here: the test SIS stands in for the read replica. */
async function testSecrets(): Promise<(variable: string) => string> {
  const demo = await testDemoFile();
  const store = freshTrackingStore();
  const key = randomBytes(48).toString('base64');
  return (variable) => {
    if (variable === 'ONEROSTER_SOURCE_URL') return `sqlite:${demo}`;
    if (variable === 'ONEROSTER_TRACKING_STORE') return `sqlite:${store}`;
    return key;
  };
}

/**
 * The environment a container of the manifests gets (image ENV, then the pod's), with paths inside
 * the container mapped to this machine: the mounted config file to the file kustomize generates the
 * ConfigMap from, the writable directory to `hostData`.
 */
function containerEnvironment(container: Container, secretValue: (variable: string) => string, hostData: string): Record<string, string> {
  const pod = pods.find((candidate) => candidate.spec.containers.includes(container))!;
  const env = { ...imageEnv, ...resolveEnvironment(container, objects, (variable) => secretValue(variable)) };
  for (const [name, value] of Object.entries(env)) {
    const mapped = mountedConfigMapFile(kustomization, pod.spec, container, value);
    env[name] = mapped ?? value.split(dataDirectory).join(hostData);
  }
  return env;
}

/** The adapter's configuration inside the serving container, loaded by the app's own code. */
function servingConfig(secretValue: (variable: string) => string = () => randomBytes(48).toString('base64')): { config: AppConfig; env: Record<string, string> } {
  const env = containerEnvironment(adapter, secretValue, dataDirectory);
  return { config: loadConfig(env, PROJECT_ROOT), env };
}

function probes(container: Container): Array<[string, HttpProbe]> {
  return (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).flatMap((kind) => (container[kind] ? [[kind, container[kind]!] as [string, HttpProbe]] : []));
}

/** GET /health/<method> as the app routes it, read from the controller's own metadata. */
function healthRoute(method: 'live' | 'ready'): string {
  const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  const path = Reflect.getMetadata(PATH_METADATA, HealthController.prototype[method]) as string;
  return `/${base}/${path}`.replace(/\/+/g, '/');
}

/** .dockerignore patterns (Docker's matching: anchored at the context root, `*` within a segment, `**` across, last match wins). */
function ignoredByDocker(path: string): boolean {
  const patterns = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const segments = posix.normalize(path).replace(/^\.\//, '').split('/');
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = posix.normalize(negated ? pattern.slice(1) : pattern).replace(/^\//, '');
    const regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}$`);
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negated;
  }
  return ignored;
}

describe('Dockerfile', () => {
  it('builds with dev dependencies and runs with production dependencies only, from one Node 20 slim image family', () => {
    const stageNames = new Set(dockerfile.stages.map((stage) => stage.name));
    const images = new Set(dockerfile.stages.filter((stage) => !stageNames.has(stage.base)).map((stage) => stage.base));
    // One base image for every stage: better-sqlite3's native binary is built for the glibc and Node ABI it runs on.
    expect([...images]).toHaveLength(1);
    expect([...images][0]).toMatch(/^node:20(\.\d+)*-.*slim/);
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);

    const runs = (stage: DockerStage) => stageChain(stage).flatMap((link) => instructionsOf(link, 'RUN').map((run) => run.args));
    const builder = dockerfile.stages.find((stage) => runs(stage).some((run) => /\bnpm run build\b/.test(run)));
    expect(builder?.name).toBeDefined();
    expect(runs(builder!).some((run) => /\bnpm ci\b(?!.*--omit=dev)/.test(run))).toBe(true);

    const runtimeCopies = instructionsOf(runtime, 'COPY').map((copy) => parseCopy(copy.args));
    const modules = runtimeCopies.find((copy) => copy.sources.some((source) => source.endsWith('node_modules')));
    expect(modules?.from).toBeDefined();
    const dependencies = dockerfile.stages.find((stage) => stage.name === modules!.from)!;
    expect(runs(dependencies).filter((run) => /\bnpm ci\b/.test(run))).toEqual([expect.stringMatching(/npm ci .*--omit=dev/)]);
    // No compiler or package install in the image that runs.
    expect(instructionsOf(runtime, 'RUN').map((run) => run.args).join('\n')).not.toMatch(/apt-get install|g\+\+|\bmake\b|npm (ci|install)/);
  });

  it('copies only files that exist in the build context (not ignored) or that the build stages produce', () => {
    for (const stage of dockerfile.stages) {
      for (const instruction of instructionsOf(stage, 'COPY')) {
        const copy = parseCopy(instruction.args);
        for (const source of copy.sources) {
          if (copy.from === undefined) {
            expect({ line: instruction.line, source, exists: existsSync(join(PROJECT_ROOT, source)), ignored: ignoredByDocker(source) }).toEqual({ line: instruction.line, source, exists: true, ignored: false });
          } else {
            // From an earlier stage: the path below that stage's WORKDIR is what npm ci / npm run build made here too.
            const from = dockerfile.stages.find((candidate) => candidate.name === copy.from)!;
            expect(dockerfile.stages.indexOf(from)).toBeLessThan(dockerfile.stages.indexOf(stage));
            const local = posix.relative(imageWorkdir(from), source);
            expect({ line: instruction.line, source, local, exists: !local.startsWith('..') && existsSync(join(PROJECT_ROOT, local)) }).toEqual({ line: instruction.line, source, local, exists: true });
          }
        }
      }
    }
    // The CLI reads its version from package.json beside dist/.
    expect(instructionsOf(runtime, 'COPY').some((copy) => parseCopy(copy.args).sources.includes('package.json'))).toBe(true);
  });

  it('keeps installed and built output, local databases, secrets and history out of the build context', () => {
    for (const path of ['node_modules', 'dist', 'data', 'data/demo.sqlite', '.git', '.env', 'bench/results']) expect({ path, ignored: ignoredByDocker(path) }).toEqual({ path, ignored: true });
    for (const path of ['src/main.ts', 'package-lock.json', 'mappings/demo/users.yaml']) expect({ path, ignored: ignoredByDocker(path) }).toEqual({ path, ignored: false });
  });

  it("starts the CLI's serve command, from a file the build produces", () => {
    const command = [...entrypoint, ...imageCmd];
    expect(command.slice(2)).toEqual(['serve']);
    expectBuiltScript(command);
  });

  it('runs as a numeric non-root user that owns the one directory the app writes', () => {
    expect(Number.isInteger(imageUser) && imageUser > 0).toBe(true);
    const { demo, store } = writableDirectory(imageEnv);
    // The embedded demo SIS and the default tracking store, both under one directory.
    expect(store).toBe(demo);
    const setup = instructionsOf(runtime, 'RUN').map((run) => run.args).join('\n');
    expect(setup).toContain(`mkdir -p ${demo}`);
    expect(setup).toMatch(new RegExp(`chown ${imageUser}(:\\d+)? ${demo}`));
    expect(lastInstruction(runtime, 'VOLUME')).toContain(demo);
    // Every ONEROSTER_ setting the image makes is one the app reads.
    for (const name of Object.keys(imageEnv).filter((variable) => variable.startsWith('ONEROSTER_'))) {
      expect({ name, read: configReadsVariable(name, imageEnv, PROJECT_ROOT) }).toEqual({ name, read: true });
    }
  });

  it('exposes the port the app listens on by default, stops with SIGTERM and checks health without curl', () => {
    expect(exposedPort).toBe(loadConfig({}, PROJECT_ROOT).server.port);
    expect(lastInstruction(runtime, 'STOPSIGNAL')).toBe('SIGTERM');
    const healthcheck = healthcheckCommand(lastInstruction(runtime, 'HEALTHCHECK') ?? '');
    expect(healthcheck?.[0]).toBe('node');
    expect(healthcheck?.join(' ')).not.toMatch(/curl|wget/);
    expect(healthcheck?.join(' ')).toContain(`process.env.PORT || ${exposedPort}`);
  });
});

describe('Kubernetes manifests', () => {
  it('are all listed in the kustomization, parse, and leave the Secret template out of it', () => {
    const manifests = readdirSync(DEPLOY).filter((file) => file.endsWith('.yaml') && !['kustomization.yaml', 'secret.template.yaml'].includes(file));
    expect(kustomization.resourceFiles.map((file) => relative(DEPLOY, file)).sort()).toEqual(manifests.sort());
    for (const object of objects) expect(object).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String), metadata: expect.objectContaining({ name: expect.any(String) }) }));
    // Applying the kustomization must never overwrite the real Secret with placeholders.
    expect(objectsOfKind(objects, 'Secret')).toEqual([]);
    for (const files of kustomization.configMapFiles.values()) for (const file of files.values()) expect(existsSync(file)).toBe(true);
    // The image the workloads use is the one the kustomization's images: entry retags.
    const images = (parseYaml(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8')) as { images?: Array<{ name: string }> }).images ?? [];
    for (const pod of pods) for (const container of pod.spec.containers) expect(images.map((image) => image.name)).toContain(container.image.split(':')[0]);
  });

  it('use one container port, the one the image exposes and the mounted config listens on', () => {
    expect(servingPod.spec.containers).toHaveLength(1);
    const [port] = adapter.ports ?? [];
    expect(adapter.ports).toHaveLength(1);
    expect(port.containerPort).toBe(exposedPort);
    expect(servingConfig().config.server.port).toBe(port.containerPort);
    for (const [kind, probe] of probes(adapter)) expect({ kind, port: resolvePort(adapter, probe.httpGet!.port) }).toEqual({ kind, port: port.containerPort });
    const service = theObject(objects, 'Service');
    for (const servicePort of service.spec.ports as Array<{ targetPort: number | string }>) expect(resolvePort(adapter, servicePort.targetPort)).toBe(port.containerPort);
    expect(Number(servingPod.annotations['prometheus.io/port'])).toBe(port.containerPort);
  });

  it("select the Deployment's pods from the Service and the disruption budget, and scale the Deployment with the HPA", () => {
    expect(selects(deployment.spec.selector.matchLabels, servingPod.labels)).toBe(true);
    expect(selects(theObject(objects, 'Service').spec.selector, servingPod.labels)).toBe(true);
    expect(selects(theObject(objects, 'PodDisruptionBudget').spec.selector.matchLabels, servingPod.labels)).toBe(true);
    // The snapshot job's pods serve nothing: the Service must not send traffic to them.
    for (const pod of pods.filter((candidate) => candidate !== servingPod)) expect(selects(theObject(objects, 'Service').spec.selector, pod.labels)).toBe(false);

    const hpa = theObject(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    expect(deployment.spec.replicas).toBe(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toContainEqual(expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }));
    // CPU utilisation is a share of the request: without one the HPA cannot scale.
    expect(adapter.resources?.requests?.cpu).toBeDefined();
  });

  it('set only environment variables the app reads', () => {
    expect(configReadsVariable('ONEROSTER_NOT_A_SETTING', {}, PROJECT_ROOT)).toBe(false);
    for (const pod of pods) {
      for (const container of pod.spec.containers) {
        const env = containerEnvironment(container, () => randomBytes(48).toString('base64'), dataDirectory);
        const referenced = secretReferences(loadConfig(env, PROJECT_ROOT));
        for (const { name } of container.env ?? []) {
          const read = configReadsVariable(name, env, PROJECT_ROOT) || referenced.includes(name);
          expect({ workload: pod.owner.metadata.name, name, read }).toEqual({ workload: pod.owner.metadata.name, name, read: true });
        }
      }
    }
  });

  it('refer only to Secret and ConfigMap keys that exist', () => {
    const secretKeys = Object.keys(secret.stringData ?? {});
    for (const pod of pods) {
      for (const container of pod.spec.containers) {
        for (const { name, valueFrom } of container.env ?? []) {
          if (valueFrom?.secretKeyRef) expect({ name, secret: valueFrom.secretKeyRef.name, has: secretKeys.includes(valueFrom.secretKeyRef.key) }).toEqual({ name, secret: secret.metadata.name, has: true });
          if (valueFrom?.configMapKeyRef) expect(theObject(objects, 'ConfigMap', valueFrom.configMapKeyRef.name).data).toHaveProperty([valueFrom.configMapKeyRef.key]);
        }
        for (const volume of pod.spec.volumes ?? []) {
          if (volume.configMap) theObject(objects, 'ConfigMap', volume.configMap.name);
          if (volume.secret) expect(volume.secret.secretName).toBe(secret.metadata.name);
        }
        // ONEROSTER_CONFIG names a file of a mounted ConfigMap.
        const configPath = container.env?.find((variable) => variable.name === 'ONEROSTER_CONFIG')?.value;
        expect(configPath && mountedConfigMapFile(kustomization, pod.spec, container, configPath)).toEqual(expect.stringContaining(DEPLOY));
      }
    }
  });

  it('take database URLs and keys from the Secret only, never from a literal or the ConfigMap', () => {
    const { config } = servingConfig();
    const credentials = ['ONEROSTER_SOURCE_URL', 'ONEROSTER_TRACKING_STORE', ...secretReferences(config)];
    for (const pod of pods) {
      for (const container of pod.spec.containers) {
        for (const variable of container.env ?? []) {
          if (credentials.includes(variable.name)) expect({ name: variable.name, fromSecret: Boolean(variable.valueFrom?.secretKeyRef) && variable.value === undefined }).toEqual({ name: variable.name, fromSecret: true });
        }
      }
    }
    const file = parseYaml(readFileSync(mountedConfigMapFile(kustomization, servingPod.spec, adapter, adapter.env!.find((v) => v.name === 'ONEROSTER_CONFIG')!.value!)!, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(file.source?.url).toBeUndefined();
    expect(file.tracking?.store).toBeUndefined();
  });

  it("mount a config that the app's own code loads, compiles and starts its auth services from", () => {
    const { config, env } = servingConfig();
    const mapping = compileMappings(join(PROJECT_ROOT, config.mappings));
    expect(mapping.entities.size).toBeGreaterThan(0);
    expect(() => new TokenService(config, env)).not.toThrow();
    expect(() => new ClientRegistry(config, env)).not.toThrow();
    // None of the demo's credentials: the mounted file replaces config/default.yaml.
    expect(config.clients.map((client) => client.id)).not.toContain('demo-client');
    for (const client of config.clients) expect(client.secretHash ?? client.secret).toBeDefined();
  });

  it("cannot serve with the Secret template's placeholders", () => {
    const placeholders = (variable: string) => {
      const ref = adapter.env!.find((candidate) => candidate.name === variable)!.valueFrom!.secretKeyRef!;
      return secret.stringData![ref.key];
    };
    const { config, env } = servingConfig(placeholders);
    expect(() => new TokenService(config, env)).toThrow(ConfigError);
  });

  it('share signing keys and one server-side tracking store between instances, and run one snapshot pass at a time', () => {
    const { config } = servingConfig();
    const hpa = theObject(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBeGreaterThan(1);
    // Without configured keys each instance makes its own and refuses the others' tokens.
    expect(config.auth.signingKeys?.length).toBeGreaterThan(0);
    for (const key of config.auth.signingKeys ?? []) expect(adapter.env?.find((variable) => variable.name === key.secret.env)?.valueFrom?.secretKeyRef).toBeDefined();

    const mapping = compileMappings(join(PROJECT_ROOT, config.mappings));
    expect(trackedEntities(mapping).length).toBeGreaterThan(0);
    const storeRef = adapter.env!.find((variable) => variable.name === 'ONEROSTER_TRACKING_STORE')!.valueFrom!.secretKeyRef!;
    expect(['mysql2', 'pg']).toContain(parseConnectionUrl(secret.stringData![storeRef.key]).client);
    // Concurrent passes over one store take each other's records for deleted ones: the serving
    // pods run none, the CronJob runs them one at a time, on the same config and store.
    expect(config.tracking.intervalMinutes).toBe(0);
    expect(snapshotJob.spec.concurrencyPolicy).toBe('Forbid');
    const [job] = podTemplates([snapshotJob]);
    const snapshot = job.spec.containers[0];
    expect(containerCommand(snapshot).slice(2)).toEqual(['snapshot']);
    expectBuiltScript(containerCommand(snapshot));
    expect(snapshot.image).toBe(adapter.image);
    expect(snapshot.env?.find((variable) => variable.name === 'ONEROSTER_TRACKING_STORE')?.valueFrom?.secretKeyRef).toEqual(storeRef);
    expect(snapshot.env?.find((variable) => variable.name === 'ONEROSTER_CONFIG')).toEqual(adapter.env!.find((variable) => variable.name === 'ONEROSTER_CONFIG'));
  });

  it('run as the image user, non-root, on a read-only root filesystem with only the data directory writable', () => {
    for (const pod of pods) {
      const where = pod.owner.metadata.name;
      expect({ where, ...pod.spec.securityContext }).toEqual(expect.objectContaining({ where, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
      if (pod.spec.securityContext?.runAsUser !== undefined) expect(pod.spec.securityContext.runAsUser).toBe(imageUser);
      for (const container of pod.spec.containers) {
        expect({ where, ...container.securityContext }).toEqual(
          expect.objectContaining({ where, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: expect.objectContaining({ drop: ['ALL'] }) }),
        );
        const writable = (container.volumeMounts ?? []).filter((mount) => !mount.readOnly);
        expect({ where, writable: writable.map((mount) => mount.mountPath) }).toEqual({ where, writable: [dataDirectory] });
        expect(pod.spec.volumes?.find((volume) => volume.name === writable[0].name)?.emptyDir).toBeDefined();
      }
    }
  });

  it("probe the app's liveness and readiness routes, and give the drain its time before SIGKILL", () => {
    expect(adapter.livenessProbe?.httpGet?.path).toBe(healthRoute('live'));
    expect(adapter.readinessProbe?.httpGet?.path).toBe(healthRoute('ready'));
    // Readiness pings the source for up to PING_TIMEOUT_MS; the probe must wait longer.
    expect((adapter.readinessProbe?.timeoutSeconds ?? 1) * 1000).toBeGreaterThan(PING_TIMEOUT_MS);
    // A startup probe, if any, must not touch the database either: an SIS outage would stop the start.
    if (adapter.startupProbe) expect(adapter.startupProbe.httpGet?.path).toBe(healthRoute('live'));

    const shutdown = readFileSync(join(PROJECT_ROOT, 'src', 'http', 'graceful-shutdown.ts'), 'utf8');
    const drainMs = Number(/drainTimeoutMs \?\? (\d+)/.exec(shutdown)?.[1]);
    const closeMs = Number(/CLOSE_TIMEOUT_MS = (\d+)/.exec(shutdown)?.[1]);
    expect(drainMs).toBeGreaterThan(0);
    expect(closeMs).toBeGreaterThan(0);
    const preStop = adapter.lifecycle?.preStop?.exec?.command.join(' ') ?? '';
    const preStopMs = Number(/setTimeout\([^,]*,\s*(\d+)\)/.exec(preStop)?.[1] ?? (Number(/sleep (\d+)/.exec(preStop)?.[1] ?? 0) * 1000));
    expect(servingPod.spec.terminationGracePeriodSeconds! * 1000).toBeGreaterThanOrEqual(preStopMs + drainMs + closeMs);
  });
});

describe('the container command, run with the Deployment\'s environment', () => {
  let server: ContainerProcess | undefined;
  let port = 0;
  let hostData = '';
  let secretValue: (variable: string) => string;
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    port = await freePort();
    hostData = mkdtempSync(join(tmpdir(), 'oneroster-data-'));
    secretValue = await testSecrets();
    // PORT: the port this machine has free; the pod gets the config's port (checked above).
    const env = { ...containerEnvironment(adapter, secretValue, hostData), PORT: String(port) };
    server = runContainerCommand(containerCommand(adapter), env, PROJECT_ROOT);
    await waitUntilServing(server, `${base()}${healthRoute('live')}`, 90000);
  }, 120000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(hostData, { recursive: true, force: true });
  });

  it("answers 200 on every probe path of the manifests and the image's HEALTHCHECK", async () => {
    for (const pod of pods.filter((candidate) => candidate === servingPod)) {
      for (const [kind, probe] of probes(pod.spec.containers[0])) {
        const response = await fetch(`${base()}${probe.httpGet!.path}`);
        expect({ kind, path: probe.httpGet!.path, status: response.status }).toEqual({ kind, path: probe.httpGet!.path, status: 200 });
      }
    }
    // The HEALTHCHECK command itself: 0 against the running server, 1 against a port nobody serves.
    const healthcheck = healthcheckCommand(lastInstruction(runtime, 'HEALTHCHECK') ?? '')!;
    const check = async (checkPort: number) => (await exitWithin(runContainerCommand(healthcheck, { PORT: String(checkPort) }, PROJECT_ROOT), 15000)).code;
    expect(await check(port)).toBe(0);
    expect(await check(await freePort())).toBe(1);
  });

  it('serves Prometheus metrics where the scrape annotations point, without a token', async () => {
    expect(servingPod.annotations['prometheus.io/scrape']).toBe('true');
    const response = await fetch(`${base()}${servingPod.annotations['prometheus.io/path']}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^(text\/plain|application\/openmetrics-text)/);
    expect(await response.text()).toMatch(/^# (HELP|TYPE) /m);
  });

  it('accepts a token signed with the shared key by another instance, and stays within its memory request under full pages', async () => {
    const { config, env } = servingConfig(secretValue);
    const client = config.clients[0];
    // What any other instance with the same Secret would issue.
    const token = new TokenService(config, env).issue(client.id, client.scopes.flatMap(expandScope)).accessToken;
    const collections = ONEROSTER_VERSIONS.flatMap((version) => ROSTERING_ROUTES.filter((route) => route.kind === 'collection' && !route.path.includes(':')).map((route) => `${version.basePath}/${route.path}`));
    const queue = [...collections, ...collections];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          const response = await fetch(`${base()}${path}?limit=${config.api.maxLimit}`, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    if (process.platform !== 'linux') return;
    // Peak resident memory of the process so far (startup, probes, those pages).
    const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server!.child.pid}/status`, 'utf8'))?.[1]);
    // The request covers the peak; the limit leaves twice the peak for larger districts' pages.
    expect(peakKb * 1024).toBeLessThan(quantity(adapter.resources!.requests!.memory));
    expect(quantity(adapter.resources!.limits!.memory)).toBeGreaterThanOrEqual(2 * peakKb * 1024);
  }, 120000);

  it('runs the snapshot CronJob command on the same config and store', async () => {
    const [job] = podTemplates([snapshotJob]);
    const container = job.spec.containers[0];
    const run = runContainerCommand(containerCommand(container), containerEnvironment(container, secretValue, hostData), PROJECT_ROOT);
    const { code } = await exitWithin(run, 90000);
    expect({ code, output: run.output() }).toEqual({ code: 0, output: expect.stringContaining('tracking store sqlite:') });
    for (const entity of trackedEntities(compileMappings(join(PROJECT_ROOT, servingConfig().config.mappings)))) expect(run.output()).toContain(entity);
  }, 120000);

  it(`drains and exits 0 on the image's STOPSIGNAL within the pod's grace period`, async () => {
    const signal = lastInstruction(runtime, 'STOPSIGNAL') as NodeJS.Signals;
    server!.child.kill(signal);
    const { code } = await exitWithin(server!, servingPod.spec.terminationGracePeriodSeconds! * 1000);
    expect({ code, output: server!.output() }).toEqual({ code: 0, output: expect.any(String) });
  }, 60000);
});
