import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The Kubernetes objects a kustomization folder produces, read with the `yaml` package (no
 * kubectl needed): the `resources` files (multi-document) plus the ConfigMaps its
 * `configMapGenerator` makes from files, under their base names (kustomize adds a content hash
 * to the name and rewrites every reference to it; the base name is what the manifests use).
 */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: any; // its shape depends on the kind; the tests read it field by field
  readonly data?: Record<string, string>;
  readonly stringData?: Record<string, string>;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  };
}

export interface HttpProbe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  readonly timeoutSeconds?: number;
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly ports?: Array<{ readonly name?: string; readonly containerPort: number }>;
  readonly env?: EnvVar[];
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  readonly startupProbe?: HttpProbe;
  readonly readinessProbe?: HttpProbe;
  readonly livenessProbe?: HttpProbe;
  readonly lifecycle?: { readonly preStop?: { readonly exec?: { readonly command: string[] } } };
  readonly securityContext?: Record<string, any>;
  readonly volumeMounts?: Array<{ readonly name: string; readonly mountPath: string; readonly readOnly?: boolean; readonly subPath?: string }>;
}

export interface PodSpec {
  readonly containers: Container[];
  readonly securityContext?: Record<string, any>;
  readonly terminationGracePeriodSeconds?: number;
  readonly volumes?: Array<{
    readonly name: string;
    readonly emptyDir?: Record<string, unknown>;
    readonly configMap?: { readonly name: string; readonly items?: Array<{ key: string; path: string }> };
    readonly secret?: { readonly secretName: string };
  }>;
}

/** A workload's pod template: a Deployment's, or a CronJob's job template's. */
export interface PodTemplate {
  readonly owner: KubernetesObject;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: PodSpec;
}

export interface Kustomization {
  readonly folder: string;
  readonly resourceFiles: readonly string[];
  readonly objects: readonly KubernetesObject[];
  /** Generated ConfigMap name → key → the file its content comes from. */
  readonly configMapFiles: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function loadKustomization(folder: string): Kustomization {
  const spec = parse(readFileSync(join(folder, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
    configMapGenerator?: Array<{ name: string; files?: string[]; literals?: string[] }>;
  };
  const resourceFiles = (spec.resources ?? []).map((file) => join(folder, file));
  const objects = resourceFiles.flatMap(readManifests);
  const configMapFiles = new Map<string, Map<string, string>>();
  for (const generator of spec.configMapGenerator ?? []) {
    const files = new Map<string, string>();
    for (const entry of generator.files ?? []) {
      const [key, path] = entry.includes('=') ? entry.split('=', 2) : [posix.basename(entry), entry];
      files.set(key, join(folder, path));
    }
    const data = Object.fromEntries([...files].map(([key, file]) => [key, existsSync(file) ? readFileSync(file, 'utf8') : '']));
    for (const literal of generator.literals ?? []) {
      const [key, value] = literal.split('=', 2);
      data[key] = value;
    }
    configMapFiles.set(generator.name, files);
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data });
  }
  return { folder, resourceFiles, objects, configMapFiles };
}

/** Every document of a manifest file; a YAML error fails with the file's name. */
export function readManifests(file: string): KubernetesObject[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  return documents.flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${basename(file)}: ${document.errors[0].message}`);
    const value = document.toJS() as KubernetesObject | null;
    return value ? [value] : [];
  });
}

export function objectsOfKind(objects: readonly KubernetesObject[], kind: string): KubernetesObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** The one object of that kind (and name); fails when there is none or several. */
export function theObject(objects: readonly KubernetesObject[], kind: string, name?: string): KubernetesObject {
  const found = objectsOfKind(objects, kind).filter((object) => name === undefined || object.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0];
}

export function podTemplates(objects: readonly KubernetesObject[]): PodTemplate[] {
  return objects.flatMap((owner) => {
    const template = owner.kind === 'CronJob' ? owner.spec?.jobTemplate?.spec?.template : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(owner.kind) ? owner.spec?.template : undefined;
    if (!template) return [];
    return [{ owner, labels: template.metadata?.labels ?? {}, annotations: template.metadata?.annotations ?? {}, spec: template.spec as PodSpec }];
  });
}

/** `labels` has every pair of `selector`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const pairs = Object.entries(selector ?? {});
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

/** The container port a probe or Service `targetPort` names (by name or number). */
export function resolvePort(container: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * The container's environment with every reference resolved: ConfigMap keys from the objects,
 * Secret keys through `secretValue` (tests put their own values where the template has
 * placeholders). A reference to a missing ConfigMap key fails, naming it.
 */
export function resolveEnvironment(
  container: Container,
  objects: readonly KubernetesObject[],
  secretValue: (variable: string, secret: string, key: string) => string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.secretKeyRef) env[variable.name] = secretValue(variable.name, from.secretKeyRef.name, from.secretKeyRef.key);
    else if (from?.configMapKeyRef) {
      const value = theObject(objects, 'ConfigMap', from.configMapKeyRef.name).data?.[from.configMapKeyRef.key];
      if (value === undefined) throw new Error(`${variable.name}: ConfigMap ${from.configMapKeyRef.name} has no key ${from.configMapKeyRef.key}`);
      env[variable.name] = value;
    } else env[variable.name] = variable.value ?? '';
  }
  return env;
}

/**
 * Which generated file a path inside the container is, when it lies in a mounted ConfigMap
 * volume (`/etc/oneroster/config.yaml` → adapter-config/config.yaml), else undefined.
 */
export function mountedConfigMapFile(kustomization: Kustomization, pod: PodSpec, container: Container, path: string): string | undefined {
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find((candidate) => candidate.name === mount.name);
    if (!volume?.configMap || dirname(path) !== mount.mountPath || mount.subPath) continue;
    const key = volume.configMap.items?.find((item) => item.path === basename(path))?.key ?? basename(path);
    return kustomization.configMapFiles.get(volume.configMap.name)?.get(key);
  }
  return undefined;
}

/** Kubernetes quantities as bytes (`384Mi`, `1G`) or cores (`500m`, `2`). */
export function quantity(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(text));
  if (!match) throw new Error(`not a Kubernetes quantity: ${text}`);
  const factor: Record<string, number> = { m: 0.001, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}
