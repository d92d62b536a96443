// Typed access to the real fixtures and the case files for the RBAC engine's tests.
// The file reading itself lives in load-fixtures.mjs: lib/core/**/*.ts may not import node:fs
// (lib/core does no I/O), and that rule is meant for the engine, not for its test data.

import type { ClusterObjects } from '../../kube/types';
import { toClusterObjects } from '../../kube/to-cluster-objects';
import type { ToClusterObjectsOptions } from '../../kube/to-cluster-objects';
import type { JsonObject } from '../../snapshot/types';
import { mergeObjects } from './identities';

interface FixtureLoader {
  loadFixtureDocs: (relPath: string) => JsonObject[];
  loadCaseFiles: () => { file: string; data: unknown }[];
}

function isLoader(mod: unknown): mod is FixtureLoader {
  if (typeof mod !== 'object' || mod === null) return false;
  return 'loadFixtureDocs' in mod && typeof mod.loadFixtureDocs === 'function' && 'loadCaseFiles' in mod && typeof mod.loadCaseFiles === 'function';
}

const loaded: unknown = await import(new URL('./load-fixtures.mjs', import.meta.url).href);
if (!isLoader(loaded)) throw new Error('testdata/load-fixtures.mjs does not export the fixture loader');
const loader: FixtureLoader = loaded;

/** Every object of a fixture file under fixtures/, `kind: List` items flattened. */
export function fixtureDocs(relPath: string): JsonObject[] {
  return loader.loadFixtureDocs(relPath);
}

/** The *.json case files of this folder, parsed but not yet validated. */
export function caseFiles(): { file: string; data: unknown }[] {
  return loader.loadCaseFiles();
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
