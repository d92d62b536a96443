// Namespaces, ServiceAccounts and Pods. Pods come in workloads (ReplicaSets of Deployments,
// StatefulSets, DaemonSets, Jobs, a few bare pods) that run as one service account of their
// namespace, and carry the full spec/status kubectl prints, because parsing that bulk is part of
// what the ingest benchmark measures.
import type { JsonObject } from '../../lib/core/snapshot/types';
import type { GenContext } from './context';
import { WeightedPicker, type Rng } from './prng';
import { APP_NAMES } from './rules';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'sandbox'];
const COMPONENTS = ['server', 'worker', 'cron', 'migrate', 'proxy', 'exporter'];

export function namespaceNames(count: number): string[] {
  const names = [...SYSTEM_NAMESPACES];
  for (let i = 0; names.length < count; i++) {
    const base = `${APP_NAMES[i % APP_NAMES.length]}-${ENVS[Math.floor(i / APP_NAMES.length) % ENVS.length]}`;
    const round = Math.floor(i / (APP_NAMES.length * ENVS.length));
    names.push(round === 0 ? base : `${base}-${round}`);
  }
  return names.slice(0, count);
}

/** Heavy-tailed weights: a few namespaces hold most objects, as in shared clusters. */
export function namespaceWeights(rng: Rng, count: number): WeightedPicker {
  return new WeightedPicker(Array.from({ length: count }, () => 0.2 + 10 * rng.float() ** 3));
}

export function namespaceObject(ctx: GenContext, name: string): JsonObject {
  const labels: JsonObject = { 'kubernetes.io/metadata.name': name };
  const env = ENVS.find((e) => name.includes(`-${e}`));
  if (env) labels.env = env;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: ctx.meta(name, undefined, { labels }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** `default` in every namespace, the rest spread by namespace weight. Returns objects and names by namespace. */
export function serviceAccountObjects(
  ctx: GenContext,
  count: number,
  namespaces: readonly string[],
  picker: WeightedPicker,
): { objects: JsonObject[]; byNamespace: Map<string, string[]> } {
  const byNamespace = new Map<string, string[]>(namespaces.map((ns) => [ns, ['default']]));
  for (let i = namespaces.length; i < count; i++) {
    const ns = namespaces[picker.pick(ctx.rng)] ?? 'default';
    byNamespace.get(ns)?.push(`${ctx.rng.pick(APP_NAMES)}-${ctx.rng.pick(COMPONENTS)}-${i}`);
  }
  const objects: JsonObject[] = [];
  for (const [ns, names] of byNamespace) {
    for (const name of names) {
      const sa: JsonObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: ctx.meta(name, ns) };
      if (name !== 'default' && ctx.rng.chance(0.15)) {
        (sa.metadata as JsonObject).annotations = { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${name}` };
      }
      if (ctx.rng.chance(0.1)) sa.automountServiceAccountToken = false;
      objects.push(sa);
    }
  }
  return { objects, byNamespace };
}

export interface Workload {
  namespace: string;
  app: string;
  serviceAccount: string;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  replicas: number;
}

function randomWorkload(ctx: GenContext, ns: string, accounts: readonly string[], index: number): Workload {
  const { rng } = ctx;
  const app = `${rng.pick(APP_NAMES)}-${rng.pick(COMPONENTS)}-${index}`;
  const serviceAccount = rng.chance(0.3) ? 'default' : rng.pick(accounts);
  const roll = rng.float();
  const owned = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, name, uid: rng.uuid() });
  if (roll < 0.6)
    return {
      namespace: ns,
      app,
      serviceAccount,
      owner: owned('apps/v1', 'ReplicaSet', `${app}-${rng.suffix(10)}`),
      replicas: rng.between(1, 6),
    };
  if (roll < 0.75) return { namespace: ns, app, serviceAccount, owner: owned('apps/v1', 'StatefulSet', app), replicas: rng.between(1, 5) };
  if (roll < 0.83) return { namespace: ns, app, serviceAccount, owner: owned('apps/v1', 'DaemonSet', app), replicas: rng.between(3, 12) };
  if (roll < 0.95)
    return {
      namespace: ns,
      app,
      serviceAccount,
      owner: owned('batch/v1', 'Job', `${app}-${rng.between(28000000, 29000000)}`),
      replicas: 1,
    };
  return { namespace: ns, app, serviceAccount, replicas: 1 };
}

function podName(rng: Rng, w: Workload, ordinal: number): string {
  switch (w.owner?.kind) {
    case 'ReplicaSet':
      return `${w.owner.name}-${rng.suffix(5)}`;
    case 'StatefulSet':
      return `${w.app}-${ordinal}`;
    case 'DaemonSet':
    case 'Job':
      return `${w.owner.name}-${rng.suffix(5)}`;
    default:
      return `${w.app}-debug`;
  }
}

export function podObjects(
  ctx: GenContext,
  count: number,
  namespaces: readonly string[],
  picker: WeightedPicker,
  accounts: ReadonlyMap<string, readonly string[]>,
): JsonObject[] {
  const pods: JsonObject[] = [];
  for (let w = 0; pods.length < count; w++) {
    const ns = namespaces[picker.pick(ctx.rng)] ?? 'default';
    const workload = randomWorkload(ctx, ns, accounts.get(ns) ?? ['default'], w);
    for (let i = 0; i < workload.replicas && pods.length < count; i++) {
      pods.push(podObject(ctx, workload, podName(ctx.rng, workload, i)));
    }
  }
  return pods;
}

export function podObject(ctx: GenContext, w: Workload, name: string): JsonObject {
  const { rng } = ctx;
  const started = ctx.timestamp();
  const token = `kube-api-access-${rng.suffix(5)}`;
  const labels: JsonObject = { 'app.kubernetes.io/name': w.app, 'app.kubernetes.io/part-of': w.app.split('-')[0] ?? w.app };
  if (w.owner?.kind === 'ReplicaSet') labels['pod-template-hash'] = w.owner.name.slice(-10);
  const extra: JsonObject = { labels };
  if (w.owner) extra.ownerReferences = [{ ...w.owner, blockOwnerDeletion: true, controller: true }];
  if (w.owner) extra.generateName = `${w.owner.name}-`;
  const image = `registry.corp.example/${w.app.split('-')[0] ?? 'app'}:1.${rng.between(0, 40)}.${rng.between(0, 9)}`;
  const ip = `10.${rng.between(0, 255)}.${rng.between(0, 255)}.${rng.between(2, 254)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: ctx.meta(name, w.namespace, extra),
    spec: podSpec(rng, w, image, token),
    status: {
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        lastProbeTime: null,
        lastTransitionTime: started,
        status: 'True',
        type,
      })),
      containerStatuses: [
        {
          containerID: `containerd://${rng.uuid().replace(/-/g, '')}${rng.uuid().replace(/-/g, '')}`,
          image,
          imageID: `${image}@sha256:${rng.uuid().replace(/-/g, '')}${rng.uuid().replace(/-/g, '')}`,
          lastState: {},
          name: 'app',
          ready: true,
          restartCount: rng.chance(0.9) ? 0 : rng.between(1, 30),
          started: true,
          state: { running: { startedAt: started } },
        },
      ],
      hostIP: `172.20.${rng.between(0, 63)}.${rng.between(2, 254)}`,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: started,
    },
  };
}

function podSpec(rng: Rng, w: Workload, image: string, token: string): JsonObject {
  return {
    containers: [
      {
        env: podEnv(rng, w),
        image,
        imagePullPolicy: 'IfNotPresent',
        name: 'app',
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        resources: {
          limits: { memory: `${rng.pick([256, 512, 1024])}Mi` },
          requests: { cpu: `${rng.pick([50, 100, 250])}m`, memory: '128Mi' },
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: token, readOnly: true }],
      },
    ],
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    nodeName: `ip-172-20-${rng.between(0, 63)}-${rng.between(2, 254)}.ec2.internal`,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: w.owner?.kind === 'Job' ? 'Never' : 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: w.serviceAccount,
    serviceAccountName: w.serviceAccount,
    terminationGracePeriodSeconds: 30,
    tolerations: ['not-ready', 'unreachable'].map((t) => ({
      effect: 'NoExecute',
      key: `node.kubernetes.io/${t}`,
      operator: 'Exists',
      tolerationSeconds: 300,
    })),
    volumes: [
      {
        name: token,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ],
  };
}

function podEnv(rng: Rng, w: Workload): JsonObject[] {
  const env: JsonObject[] = [
    { name: 'APP_ENV', value: w.namespace },
    { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
  ];
  // ACK's RRSA webhook injects the RAM role a pod assumes; a few workloads use it.
  if (rng.chance(0.03)) env.push({ name: 'ALIBABA_CLOUD_ROLE_ARN', value: `acs:ram::1234567890123456:role/${w.app}` });
  return env;
}
