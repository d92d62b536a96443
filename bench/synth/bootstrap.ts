// The default RBAC objects every kube-apiserver creates on startup, taken verbatim from the
// upstream bootstrappolicy golden files in fixtures/k8s-bootstrap, then given the metadata a live
// server adds. Starting from them keeps the synthetic clusters honest: real dumps always carry them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../../lib/core/snapshot/types';
import type { GenContext } from './context';

const FIXTURES = fileURLToPath(new URL('../../fixtures/k8s-bootstrap/', import.meta.url));

export interface BootstrapRbac {
  clusterRoles: JsonObject[];
  clusterRoleBindings: JsonObject[];
  roles: JsonObject[];
  roleBindings: JsonObject[];
}

function readItems(file: string): JsonObject[] {
  const doc: unknown = parse(readFileSync(FIXTURES + file, 'utf8'));
  if (!isJsonObject(doc) || !Array.isArray(doc.items)) throw new Error(`${file}: not a kind: List`);
  return doc.items.filter(isJsonObject);
}

/** Replaces the golden files' `creationTimestamp: null` with what the server would have set. */
function withServerMetadata(ctx: GenContext, item: JsonObject): JsonObject {
  const meta = isJsonObject(item.metadata) ? item.metadata : {};
  const { name, namespace, ...rest } = meta;
  if (typeof name !== 'string') throw new Error('bootstrap object without a name');
  const extra: JsonObject = { ...rest };
  delete extra.creationTimestamp;
  const fresh = ctx.meta(name, typeof namespace === 'string' ? namespace : undefined, extra);
  const out: JsonObject = { ...item, metadata: fresh };
  // The API server never returns `rules: null`; aggregation fills it in (see lib/core/rbac/aggregate-manifests.ts).
  if (out.kind === 'ClusterRole' && out.rules === null) out.rules = [];
  return out;
}

export function loadBootstrapRbac(ctx: GenContext): BootstrapRbac {
  const load = (...files: string[]): JsonObject[] => files.flatMap(readItems).map((item) => withServerMetadata(ctx, item));
  return {
    clusterRoles: load('cluster-roles.yaml', 'controller-roles.yaml'),
    clusterRoleBindings: load('cluster-role-bindings.yaml', 'controller-role-bindings.yaml'),
    roles: load('namespace-roles.yaml'),
    roleBindings: load('namespace-role-bindings.yaml'),
  };
}
