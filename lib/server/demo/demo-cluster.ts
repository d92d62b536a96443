import 'server-only';
// Builds the demo cluster's four weekly states from real manifests (Kubernetes'
// default roles and what 14 popular projects install, in fixtures/) plus our
// tenant layer. Aggregated ClusterRoles get the rules the aggregation controller
// would have computed, so the demo looks like what a live cluster returns.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isJsonObject, type JsonObject, type StoredObject } from '../../core/snapshot/types';
import { normalizeObject } from '../../core/kube/normalize';
import { withAggregatedRules } from '../../core/rbac/aggregate-manifests';
import { buildTenantLayer, type DemoWeek } from './tenant-layer';
import { demoApiDiscovery } from './api-discovery';
import { namespace } from './kube-objects';
import { projectPath } from '../project-root';

/** Fixture file → the namespace it is installed into when its objects name none (`kubectl apply -n`). */
const FIXTURES: [file: string, defaultNamespace: string][] = [
  ['k8s-bootstrap/cluster-roles.yaml', ''],
  ['k8s-bootstrap/cluster-role-bindings.yaml', ''],
  ['k8s-bootstrap/controller-roles.yaml', ''],
  ['k8s-bootstrap/controller-role-bindings.yaml', ''],
  ['k8s-bootstrap/namespace-roles.yaml', 'kube-system'],
  ['k8s-bootstrap/namespace-role-bindings.yaml', 'kube-system'],
  ['real-world-rbac/argo-cd.yaml', 'argocd'],
  ['real-world-rbac/cert-manager.yaml', 'cert-manager'],
  ['real-world-rbac/ingress-nginx.yaml', 'ingress-nginx'],
  ['real-world-rbac/prometheus-operator.yaml', 'default'],
  ['real-world-rbac/kube-state-metrics.yaml', 'kube-system'],
  ['real-world-rbac/metrics-server.yaml', 'kube-system'],
  ['real-world-rbac/external-dns.yaml', 'default'],
  ['real-world-rbac/flux2.yaml', 'flux-system'],
  ['real-world-rbac/kyverno.yaml', 'kyverno'],
  ['real-world-rbac/calico-tigera-operator.yaml', 'tigera-operator'],
  ['real-world-rbac/kubernetes-dashboard.yaml', 'kubernetes-dashboard'],
  ['real-world-rbac/terway.yaml', 'kube-system'],
  ['real-world-rbac/cluster-autoscaler-alicloud.yaml', 'kube-system'],
  ['real-world-rbac/ack-secret-manager.yaml', 'kube-system'],
];

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace']);

function readFixture(file: string, defaultNamespace: string): JsonObject[] {
  const path = projectPath('fixtures', file);
  const out: JsonObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJSON();
    if (!isJsonObject(value)) continue;
    const items = Array.isArray(value.items) ? value.items.filter(isJsonObject) : [value];
    for (const item of items) {
      const metadata = isJsonObject(item.metadata) ? item.metadata : {};
      if (typeof item.kind === 'string' && !CLUSTER_SCOPED.has(item.kind) && !metadata.namespace) {
        out.push({ ...item, metadata: { ...metadata, namespace: defaultNamespace || 'default' } });
      } else {
        out.push(item);
      }
    }
  }
  return out;
}

function namespacesOf(raws: JsonObject[]): JsonObject[] {
  const declared = new Set(raws.filter((r) => r.kind === 'Namespace').map((r) => (isJsonObject(r.metadata) ? r.metadata.name : '')));
  const used = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  for (const raw of raws) {
    const ns = isJsonObject(raw.metadata) ? raw.metadata.namespace : undefined;
    if (typeof ns === 'string' && ns && typeof raw.kind === 'string' && !CLUSTER_SCOPED.has(raw.kind)) used.add(ns);
  }
  return [...used]
    .filter((ns) => !declared.has(ns))
    .sort()
    .map((ns) => namespace(ns));
}

let fixtureCache: JsonObject[] | undefined;

/** Every normalized object of the demo cluster in the given week. */
export function buildDemoCluster(week: DemoWeek): StoredObject[] {
  fixtureCache ??= FIXTURES.flatMap(([file, ns]) => readFixture(file, ns));
  const raws = [...fixtureCache, ...buildTenantLayer(week), ...demoApiDiscovery()];
  const all = withAggregatedRules([...raws, ...namespacesOf(raws)]);
  const objects: StoredObject[] = [];
  for (const raw of all) {
    const normalized = normalizeObject(raw);
    if (normalized) objects.push(normalized);
  }
  return objects;
}
