// Deterministic synthetic Kubernetes clusters for the benchmark. Same tier and seed give
// byte-identical files: `kind: List` JSON documents, one per kind, as `kubectl get -o json` prints
// them (4-space indent, sorted keys), plus the API discovery as APIResourceList objects.
//
//   node --import tsx bench/generate-cluster.ts --tier small --seed 42 --out bench/out/small
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../lib/core/snapshot/types';
import { loadBootstrapRbac } from './synth/bootstrap';
import { GenContext, sortKeys } from './synth/context';
import { discoveryLists } from './synth/discovery';
import { generateRbac } from './synth/rbac-objects';
import { identityPools } from './synth/subjects';
import { namespaceNames, namespaceObject, namespaceWeights, podObjects, serviceAccountObjects } from './synth/workloads';
import { LIST_NAMES, TIERS, isTierName, objectCount, type GeneratedCluster, type TierSpec } from './synth/cluster-shape';
import { mutate } from './synth/mutate';

export { mutate };
export { LIST_KINDS, LIST_NAMES, TIERS, isTierName, objectCount } from './synth/cluster-shape';
export type { GeneratedCluster, ListName, TierName, TierSpec } from './synth/cluster-shape';

export function generateCluster(spec: TierSpec, seed: number): GeneratedCluster {
  const ctx = new GenContext(seed);
  const names = namespaceNames(spec.namespaces);
  const picker = namespaceWeights(ctx.rng, names.length);
  const namespaces = names.map((name) => namespaceObject(ctx, name));
  const accounts = serviceAccountObjects(ctx, spec.serviceAccounts, names, picker);
  const pools = identityPools(ctx.rng, spec.roleBindings + spec.clusterRoleBindings, names, accounts.byNamespace);
  const rbac = generateRbac(ctx, spec, loadBootstrapRbac(ctx), { namespaces: names, picker }, pools);
  const pods = podObjects(ctx, spec.pods, names, picker, accounts.byNamespace);
  return {
    namespaces,
    serviceaccounts: accounts.objects,
    roles: rbac.roles,
    clusterroles: rbac.clusterRoles,
    rolebindings: rbac.roleBindings,
    clusterrolebindings: rbac.clusterRoleBindings,
    pods,
    apiresources: discoveryLists(),
  };
}

/** A `kind: List` document exactly as kubectl prints it. */
export function serializeList(items: readonly JsonObject[]): string {
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  return `${JSON.stringify(sortKeys(list), null, 4)}\n`;
}

/** Writes one `<list>.json` per kind into dir and returns the paths, in LIST_NAMES order. */
export function writeCluster(cluster: GeneratedCluster, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return LIST_NAMES.map((name) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, serializeList(cluster[name]));
    return path;
  });
}

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(args: readonly string[]): void {
  const tier = argValue(args, '--tier') ?? 'small';
  if (!isTierName(tier)) throw new Error(`unknown tier ${tier}; use ${Object.keys(TIERS).join(', ')}`);
  const seed = Number(argValue(args, '--seed') ?? '42');
  const out = argValue(args, '--out') ?? join('bench', 'out', tier);
  const cluster = generateCluster(TIERS[tier], seed);
  const paths = writeCluster(cluster, out);
  const mutatedFraction = argValue(args, '--mutate');
  if (mutatedFraction !== undefined) writeCluster(mutate(cluster, Number(mutatedFraction), seed + 1), `${out}-mutated`);
  process.stderr.write(`wrote ${objectCount(cluster)} objects to ${paths.join(', ')}\n`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main(process.argv.slice(2));
