// One step of cluster churn: about `fraction` of the objects change, each in exactly one way
// (edited, deleted, or joined by a new sibling of the same kind), deterministically from the seed.
// Edits are the ones operators make: a rule gains or loses an entry or a verb, a binding gains or
// loses a subject, a pod is relabelled or replaced. Roles that feed or receive ClusterRole
// aggregation only get annotation edits, so the aggregated rules stay converged.
import type { JsonObject, JsonValue } from '../../lib/core/snapshot/types';
import { LIST_NAMES, type GeneratedCluster, type ListName } from './cluster-shape';
import { GenContext } from './context';
import { randomRule } from './rules';
import { identityPools, randomSubject, type IdentityPools } from './subjects';

type Op = 'edit' | 'delete' | 'add';

interface Mutator {
  ctx: GenContext;
  pools: IdentityPools;
  serial: number;
}

function obj(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function touchesAggregation(role: JsonObject): boolean {
  const labels = Object.keys(obj(obj(role.metadata).labels));
  return role.aggregationRule !== undefined || labels.some((l) => l.startsWith('rbac.authorization.k8s.io/aggregate-to-'));
}

function editRules(m: Mutator, role: JsonObject): void {
  const rules = list(role.rules);
  const roll = m.ctx.rng.float();
  if (roll < 0.4 || rules.length === 0) rules.push(randomRule(m.ctx.rng, role.kind === 'ClusterRole'));
  else if (roll < 0.7 && rules.length > 1) rules.splice(m.ctx.rng.int(rules.length), 1);
  else {
    const rule = obj(m.ctx.rng.pick(rules));
    const verbs = list(rule.verbs);
    rule.verbs = verbs.includes('delete') ? verbs.filter((v) => v !== 'delete') : [...verbs, 'delete'];
  }
  role.rules = rules;
}

function editSubjects(m: Mutator, binding: JsonObject): void {
  const subjects = list(binding.subjects);
  const ns = obj(binding.metadata).namespace;
  if (subjects.length > 1 && m.ctx.rng.chance(0.4)) subjects.splice(m.ctx.rng.int(subjects.length), 1);
  else subjects.push(randomSubject(m.ctx.rng, m.pools, typeof ns === 'string' ? ns : ''));
  binding.subjects = subjects;
}

function edit(m: Mutator, name: ListName, item: JsonObject): void {
  const meta = obj(item.metadata);
  const isRole = name === 'roles' || name === 'clusterroles';
  if (isRole && !touchesAggregation(item)) editRules(m, item);
  else if (name === 'rolebindings' || name === 'clusterrolebindings') editSubjects(m, item);
  else if (name === 'serviceaccounts') item.automountServiceAccountToken = item.automountServiceAccountToken !== false ? false : true;
  // Stored Pods keep labels but not annotations (lib/core/kube/normalize.ts), so relabel them.
  else if (name === 'pods') meta.labels = { ...obj(meta.labels), 'bench.access-atlas.dev/revision': String(++m.serial) };
  else meta.annotations = { ...obj(meta.annotations), 'bench.access-atlas.dev/revision': String(++m.serial) };
  meta.resourceVersion = m.ctx.nextResourceVersion();
}

/** A new object of the same kind next to `item`: a copy with a fresh identity. */
function sibling(m: Mutator, name: ListName, item: JsonObject): JsonObject {
  const copy = structuredClone(item);
  const meta = obj(copy.metadata);
  const fresh = m.ctx.meta(`${str(meta.name)}-m${++m.serial}`, typeof meta.namespace === 'string' ? meta.namespace : undefined);
  copy.metadata = { ...meta, ...fresh };
  if (name === 'rolebindings' || name === 'clusterrolebindings') {
    copy.subjects = [randomSubject(m.ctx.rng, m.pools, typeof meta.namespace === 'string' ? meta.namespace : '')];
  }
  return copy;
}

function chooseOp(m: Mutator, name: ListName, item: JsonObject): Op {
  if (name === 'namespaces' || (name === 'clusterroles' && touchesAggregation(item))) return 'edit';
  const roll = m.ctx.rng.float();
  return roll < 0.6 ? 'edit' : roll < 0.8 ? 'delete' : 'add';
}

function poolsOf(cluster: GeneratedCluster, m: GenContext): IdentityPools {
  const namespaces = cluster.namespaces.map((n) => str(obj(n.metadata).name));
  const accounts = new Map<string, string[]>();
  for (const sa of cluster.serviceaccounts) {
    const meta = obj(sa.metadata);
    const ns = str(meta.namespace);
    accounts.set(ns, [...(accounts.get(ns) ?? []), str(meta.name)]);
  }
  return identityPools(m.rng, cluster.rolebindings.length + cluster.clusterrolebindings.length, namespaces, accounts);
}

function maxResourceVersion(cluster: GeneratedCluster): number {
  let max = 0;
  for (const name of LIST_NAMES) {
    for (const item of cluster[name]) max = Math.max(max, Number(obj(item.metadata).resourceVersion ?? 0));
  }
  return max;
}

/** A changed copy of the cluster (the input is not modified). API discovery never changes. */
export function mutate(cluster: GeneratedCluster, fraction: number, seed: number): GeneratedCluster {
  const out = structuredClone(cluster);
  const ctx = new GenContext(seed, maxResourceVersion(cluster));
  const m: Mutator = { ctx, pools: poolsOf(cluster, ctx), serial: 0 };
  const lists = LIST_NAMES.filter((name) => name !== 'apiresources');
  const slots = lists.flatMap((name) => out[name].map((_, index) => [name, index] as const));
  const chosen = ctx.rng.sample(slots, Math.max(1, Math.round(slots.length * fraction)));
  const deleted = new Set<JsonObject>();
  for (const [name, index] of chosen) {
    const item = out[name][index];
    if (item === undefined) continue;
    const op = chooseOp(m, name, item);
    if (op === 'edit') edit(m, name, item);
    else if (op === 'delete') deleted.add(item);
    else out[name].push(sibling(m, name, item));
  }
  for (const name of lists) out[name] = out[name].filter((item) => !deleted.has(item));
  return out;
}
