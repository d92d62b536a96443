// Typed access to the real fixtures and the case files for the RBAC engine's tests.
// Tests may read files (eslint allows node:fs in lib/core tests and testdata); the engine may not.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ClusterObjects } from '../../kube/types';
import { toClusterObjects } from '../../kube/to-cluster-objects';
import type { ToClusterObjectsOptions } from '../../kube/to-cluster-objects';
import { isJsonObject, type JsonObject } from '../../snapshot/types';
import { mergeObjects } from './identities';

const here = import.meta.dirname;
const repoRoot = join(here, '..', '..', '..', '..');


/** Every object of a fixture file under fixtures/, `kind: List` items flattened. */
export function fixtureDocs(relPath: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(join(repoRoot, 'fixtures', relPath), 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${relPath}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (!isJsonObject(value)) continue;
    if (value.kind === 'List' && Array.isArray(value.items)) out.push(...value.items.filter(isJsonObject));
    else out.push(value);
  }
  return out;
}

/** The *.json case files of this folder, parsed but not yet validated. */
export function caseFiles(): { file: string; data: unknown }[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(here, file), 'utf8')) as unknown }));
}

/** Fixture files mapped to ClusterObjects, each with its own default namespace (as `kubectl apply -n`). */
export function fixtureObjects(files: { path: string; defaultNamespace?: string }[]): ClusterObjects {
  return mergeObjects(
    ...files.map((f) => {
      const opts: ToClusterObjectsOptions = f.defaultNamespace === undefined ? {} : { defaultNamespace: f.defaultNamespace };
      return toClusterObjects(fixtureDocs(f.path), opts);
    }),
  );
}

/** The default (non-feature-gate) bootstrap policy of kube-apiserver, as one cluster. */
export const BOOTSTRAP_FILES = [
  { path: 'k8s-bootstrap/cluster-roles.yaml' },
  { path: 'k8s-bootstrap/cluster-role-bindings.yaml' },
  { path: 'k8s-bootstrap/controller-roles.yaml' },
  { path: 'k8s-bootstrap/controller-role-bindings.yaml' },
  { path: 'k8s-bootstrap/namespace-roles.yaml' },
  { path: 'k8s-bootstrap/namespace-role-bindings.yaml' },
];

/** Every real-world file, with the namespace its install command applies namespaced objects to. */
export const REAL_WORLD_FILES = [
  { path: 'real-world-rbac/ack-ram-authenticator.yaml' },
  { path: 'real-world-rbac/ack-ram-tool-rrsa-examples.yaml' },
  { path: 'real-world-rbac/ack-secret-manager.yaml', defaultNamespace: 'kube-system' },
  { path: 'real-world-rbac/argo-cd.yaml', defaultNamespace: 'argocd' },
  { path: 'real-world-rbac/calico-tigera-operator.yaml' },
  { path: 'real-world-rbac/cert-manager.yaml' },
  { path: 'real-world-rbac/cluster-autoscaler-alicloud.yaml' },
  { path: 'real-world-rbac/external-dns.yaml', defaultNamespace: 'default' },
  { path: 'real-world-rbac/flux2.yaml', defaultNamespace: 'flux-system' },
  { path: 'real-world-rbac/ingress-nginx.yaml' },
  { path: 'real-world-rbac/kube-state-metrics.yaml' },
  { path: 'real-world-rbac/kubernetes-dashboard.yaml' },
  { path: 'real-world-rbac/kyverno.yaml' },
  { path: 'real-world-rbac/metrics-server.yaml' },
  { path: 'real-world-rbac/prometheus-operator.yaml', defaultNamespace: 'default' },
  { path: 'real-world-rbac/terway.yaml' },
];
