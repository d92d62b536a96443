import 'server-only';
// The findings question, from the CLI (`access-atlas findings`), the API (GET /api/findings) and the
// pages alike: which snapshot (the one resolver), which rules, which severities, built-ins shown or
// not, and the source's stored suppressions applied with the server's clock (read here, never in
// lib/core). One evaluation for stored snapshots and for files, so `findings --from` and the same
// files stored as a source answer the same.
import { z } from 'zod';
import {
  applySuppressions,
  CLOUD_RULES,
  cloudRuleById,
  evaluateClusterFindings,
  evaluateCloudFindings,
  KUBERNETES_RULES,
  ruleById,
  ruleInfo,
  serviceAccountSecretsOf,
  type ServiceAccountSecrets,
} from '../../core/findings';
import { SEVERITIES, severityRank, type FindingsResult, type RuleInfo, type Severity, type Suppression } from '../../core/findings/types';
import { accountFromCloudObjects } from '../../core/ram/account';
import { decodeCloudObjects, type StoredCloudObject } from '../../core/ram/decode-bodies';
import type { AuthzIndex } from '../../core/rbac';
import { CLUSTER_KINDS, RBAC_KINDS, type SnapshotSummary, type Source, type SourceKind } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { loadCloudAccount } from '../cloud-account-index';
import type { LinkedClusterBindings } from '../../core/findings/cloud-orphans';
import {
  assertAnswersRbac,
  boundedPromiseCache,
  cachedPerSnapshot,
  loadSnapshotIndex,
  resolveSnapshot,
  snapshotCacheKey,
  SnapshotUnavailableError,
} from '../snapshot-index';
import { QuestionError } from './errors';
import { parseParams, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN, type RawParams } from './params';
import { resolveQuestion } from './resolve';

export interface FindingsQuery {
  source?: string;
  snapshotId?: number;
  /** Only these rules (catalog ids); none: every rule. */
  rules?: readonly string[];
  /** Only findings at or above this severity. */
  minSeverity?: Severity;
  /** Leave out bootstrap, controller and vendor objects' findings (they are marked, and listed, otherwise). */
  hideBuiltin?: boolean;
}

/** Findings with the suppressions that had expired by `now` (shown by the CLI as notes, never applied). */
export interface FindingsAnswer extends FindingsResult {
  expired: Suppression[];
}

/** A stored snapshot's answer, with the source and snapshot that gave it. */
export interface FindingsAsked extends FindingsAnswer {
  source: Source;
  snapshot: SnapshotSummary;
}

/** What the rules read: one cluster's objects, indexed, and the kinds it was not given. */
export interface FindingsInput {
  /** The stored source's name, or the files' label. */
  source: string;
  index: AuthzIndex;
  /** Kinds the collector could not read (a partial snapshot's missingKinds). */
  missingKinds: readonly string[];
  /** The ServiceAccounts' `secrets` lists, read from their bodies (the index does not carry them). */
  serviceAccountSecrets: readonly ServiceAccountSecrets[];
}

/**
 * Kinds the rules must not read as "none": those the collector could not read, and the kinds beside
 * RBAC's that the input holds no object of. A dump of RBAC objects alone carries no ServiceAccount or
 * Pod, and a binding to a ServiceAccount is not "to a missing one" because the dump left them out; a
 * live cluster always holds some of each (every namespace has its `default` ServiceAccount). The
 * engine lists the rules that read them in notEvaluated, never as passing. RBAC kinds are what the
 * input says, as for every RBAC question: a manifest set without Roles grants nothing through Roles.
 */
export function findingsMissingKinds(index: AuthzIndex, reported: readonly string[]): string[] {
  const o = index.objects;
  const held: Record<(typeof CLUSTER_KINDS)[number], number> = {
    Namespace: o.namespaces.length,
    ServiceAccount: o.serviceAccounts.length,
    Role: o.roles.length,
    ClusterRole: o.clusterRoles.length,
    RoleBinding: o.roleBindings.length,
    ClusterRoleBinding: o.clusterRoleBindings.length,
    Pod: o.pods.length,
    APIResourceList: o.apiResources.length,
  };
  const absent = CLUSTER_KINDS.filter((kind) => !RBAC_KINDS.includes(kind) && held[kind] === 0);
  return [...new Set([...reported, ...absent])];
}

/** A rule of either catalog: the Kubernetes rules or the cloud (RAM/IAM) ones. */
export function anyRuleById(id: string): { id: string; severity: Severity; title: string } | undefined {
  return ruleById(id) ?? cloudRuleById(id);
}

/** Every rule id, Kubernetes first. */
export const ALL_RULE_IDS: readonly string[] = [...KUBERNETES_RULES.map((r) => r.id), ...CLOUD_RULES.map((r) => r.id)];

/** Refuses a rule id neither catalog holds, naming it (`label`: `rule` in the API, `--rule` in the CLI). */
export function checkRuleIds(ids: readonly string[], label = 'rule'): void {
  for (const id of ids) {
    if (anyRuleById(id) === undefined) {
      throw new QuestionError('invalid', 'rule', `${label} ${id}: no such rule (the rules: ${ALL_RULE_IDS.join(', ')})`);
    }
  }
}

/** Every rule run on one cluster, before suppressions: what the per-snapshot cache holds. */
export function evaluateInput(input: FindingsInput, rules?: readonly string[]): FindingsResult {
  return evaluateClusterFindings({
    source: input.source,
    index: input.index,
    missingKinds: findingsMissingKinds(input.index, input.missingKinds),
    serviceAccountSecrets: input.serviceAccountSecrets,
    ...(rules && rules.length > 0 && { rules }),
  });
}

/**
 * Keeps the rules asked about, applies the suppressions in force at `now` (a suppressed finding is
 * kept, marked, with its suppression), then keeps the severities and built-ins the query asks for.
 * Rules are evaluated independently, so keeping some rules' findings of an all-rules evaluation is
 * the same answer as evaluating only those rules.
 */
export function answerFindings(
  evaluated: FindingsResult,
  query: Pick<FindingsQuery, 'rules' | 'minSeverity' | 'hideBuiltin'>,
  suppressions: readonly Suppression[],
  now: Date,
): FindingsAnswer {
  const wanted = query.rules && query.rules.length > 0 ? new Set(query.rules) : undefined;
  const picked: FindingsResult = wanted
    ? {
        findings: evaluated.findings.filter((f) => wanted.has(f.rule)),
        notEvaluated: evaluated.notEvaluated.filter((n) => wanted.has(n.rule)),
      }
    : evaluated;
  const applied = applySuppressions(picked, [...suppressions], now);
  const min = query.minSeverity === undefined ? 0 : severityRank(query.minSeverity);
  const atLeast = (severity: Severity | undefined) => severity === undefined || severityRank(severity) >= min;
  return {
    findings: applied.findings.filter((f) => atLeast(f.severity) && !(query.hideBuiltin && f.builtIn !== null)),
    // A rule below the severity asked about would not be reported anyway.
    notEvaluated: applied.notEvaluated.filter((n) => atLeast(anyRuleById(n.rule)?.severity)),
    expired: applied.expired,
  };
}

/**
 * Evaluates the rules on one cluster, applies the suppressions in force at `now` (a suppressed
 * finding is kept, marked, with its suppression), then keeps what the query asks for.
 */
export function evaluateFindings(
  input: FindingsInput,
  query: Pick<FindingsQuery, 'rules' | 'minSeverity' | 'hideBuiltin'>,
  suppressions: readonly Suppression[],
  now: Date,
): FindingsAnswer {
  if (query.rules) checkRuleIds(query.rules);
  return answerFindings(evaluateInput(input, query.rules), query, suppressions, now);
}

async function evaluateSnapshot(store: Store, snapshot: SnapshotSummary): Promise<FindingsResult> {
  const [loaded, serviceAccounts] = await Promise.all([
    loadSnapshotIndex(store, snapshot),
    store.readObjects(snapshot.id, ['ServiceAccount']),
  ]);
  const input: FindingsInput = {
    source: snapshot.sourceName,
    index: loaded.index,
    missingKinds: snapshot.missingKinds.map((m) => m.kind),
    serviceAccountSecrets: serviceAccountSecretsOf(serviceAccounts.map((o) => o.body)),
  };
  return evaluateInput(input);
}

const loadClusterFindings: (store: Store, snapshot: SnapshotSummary) => Promise<FindingsResult> = cachedPerSnapshot(evaluateSnapshot);

/** Cloud findings per store, snapshot and UTC day: a few, the oldest dropped first. */
const cloudFindings = boundedPromiseCache<FindingsResult>(8);

/** Midnight UTC of `now`'s day. */
function dayOf(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * What a cache of findings adds to its snapshot key: nothing for a cluster (a finished snapshot's
 * findings never change), the UTC day for a cloud account (key ages are judged at the day's start).
 */
export function findingsDayKey(kind: SourceKind, now: Date): string {
  return kind === 'cloud-account' ? `@${dayOf(now).toISOString().slice(0, 10)}` : '';
}

/**
 * The cloud rules over a cloud account's stored objects (a snapshot's, or files read by the RAM or AWS
 * collector), judged at the start of `now`'s UTC day, as a stored account is: the same objects give
 * the same findings whether they come from files or from the store.
 */
export function evaluateCloudObjects(source: string, stored: readonly StoredCloudObject[], now: Date): FindingsResult {
  const objects = decodeCloudObjects(stored);
  return evaluateCloudFindings({ source, objects, account: accountFromCloudObjects(objects), now: dayOf(now) });
}

/** The rules of a layer as the SARIF driver and the page list them. */
export function rulesOfLayer(layer: 'kubernetes' | 'cloud'): RuleInfo[] {
  return (layer === 'cloud' ? CLOUD_RULES : KUBERNETES_RULES).map(ruleInfo);
}

/**
 * A cloud account's findings. Key age and idleness depend on the clock, so they are judged at the
 * start of the UTC day (the same answer all day, whoever asks first) and kept per day.
 */
async function loadCloudFindings(store: Store, snapshot: SnapshotSummary, now: Date): Promise<FindingsResult> {
  const clusters = await linkedClusterSnapshots(store, snapshot.sourceName);
  const clusterKey = clusters.map((c) => `${c.source}:${c.snapshot?.id ?? '-'}`).join(',');
  return cloudFindings(`${snapshotCacheKey(store, snapshot.id)}${findingsDayKey('cloud-account', now)}|${clusterKey}`, async () => {
    const { objects, account } = await loadCloudAccount(store, snapshot);
    const linkedClusters = await Promise.all(
      clusters.map(async (c): Promise<LinkedClusterBindings> =>
        c.snapshot
          ? { source: c.source, objects: (await loadSnapshotIndex(store, c.snapshot)).objects }
          : { source: c.source, unavailable: c.unavailable },
      ),
    );
    return evaluateCloudFindings({ source: snapshot.sourceName, objects, account, now: dayOf(now), linkedClusters });
  });
}

/**
 * The clusters linked to a cloud account, each with its latest usable snapshot that holds the RBAC
 * bindings (ram.orphan-ack-binding reads them), or why it has none. Part of the findings' cache key,
 * so a new cluster snapshot is judged anew.
 */
async function linkedClusterSnapshots(
  store: Store,
  cloudSource: string,
): Promise<{ source: string; snapshot?: SnapshotSummary; unavailable: string }[]> {
  const out: { source: string; snapshot?: SnapshotSummary; unavailable: string }[] = [];
  for (const link of await store.links.listForCloud(cloudSource)) {
    try {
      const snapshot = await resolveSnapshot(store, link.clusterSource);
      assertAnswersRbac(snapshot);
      out.push({ source: link.clusterSource, snapshot, unavailable: '' });
    } catch (error) {
      if (!(error instanceof SnapshotUnavailableError)) throw error;
      out.push({ source: link.clusterSource, unavailable: error.message });
    }
  }
  return out;
}

/**
 * Every rule's findings of a stored snapshot, before suppressions, shared by the API, the CLI's
 * --source, the findings page, its trend, the severity marks and drift. A cluster's are evaluated once
 * per snapshot (a finished snapshot never changes); a cloud account's once per snapshot and UTC day.
 * Suppressions are applied afterwards, at the caller's now. The answer is shared: never mutate it.
 */
export function loadSnapshotFindings(
  store: Store,
  kind: SourceKind,
  snapshot: SnapshotSummary,
  now: Date = new Date(),
): Promise<FindingsResult> {
  return kind === 'cloud-account' ? loadCloudFindings(store, snapshot, now) : loadClusterFindings(store, snapshot);
}

/**
 * The layer a findings question is about, from what it names: a named source's kind, else the
 * named snapshot's source's kind; with neither, a cluster (as before cloud rules existed).
 */
export async function findingsNeed(
  store: Store,
  sourceName: string | undefined,
  snapshotId: number | undefined,
): Promise<'rbac' | 'cloud'> {
  const named = sourceName !== undefined ? await store.getSource(sourceName) : null;
  if (named) return named.kind === 'cloud-account' ? 'cloud' : 'rbac';
  if (sourceName === undefined && snapshotId !== undefined) {
    const snapshot = await store.getSnapshot(snapshotId);
    if (snapshot) return (await store.getSource(snapshot.sourceName))?.kind === 'cloud-account' ? 'cloud' : 'rbac';
  }
  return 'rbac';
}

/**
 * Findings of a stored source's snapshot (default: its latest complete or partial one; a cluster's
 * rules for a cluster, the cloud rules for a cloud account), with its stored suppressions applied at
 * `now`. Throws a QuestionError naming the parameter when the question cannot be answered (unknown
 * source or snapshot, no usable snapshot).
 */
export async function askFindings(store: Store, query: FindingsQuery, now: Date = new Date()): Promise<FindingsAsked> {
  if (query.rules) checkRuleIds(query.rules);
  const need = await findingsNeed(store, query.source, query.snapshotId);
  const { source, snapshot } = await resolveQuestion(store, { source: query.source, snapshotId: query.snapshotId, need });
  const [evaluated, suppressions] = await Promise.all([
    loadSnapshotFindings(store, source.kind, snapshot, now),
    store.suppressions.list(source.name),
  ]);
  return { ...answerFindings(evaluated, query, suppressions, now), source, snapshot };
}

// ---- The question as a URL asks it (GET /api/findings, the findings page) ----

export const FINDINGS_PARAMS = ['source', 'snapshot', 'rule', 'minSeverity', 'hideBuiltin'] as const;

const paramsSchema = z.strictObject({
  source: z.string().trim().min(1, 'source is empty: name a source or leave it out').optional(),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
  minSeverity: z.enum(SEVERITIES, { error: `minSeverity must be one of ${SEVERITIES.join(', ')}` }).optional(),
  hideBuiltin: z.enum(['true', 'false', '1', '0'], { error: 'hideBuiltin must be true or false' }).optional(),
});

/** Validates the findings params (`rule` may repeat); throws an `invalid` QuestionError naming the first bad one. */
export function parseFindingsQuery(raw: RawParams): FindingsQuery {
  const { params, repeated } = parseParams(raw, paramsSchema, ['rule']);
  const rules = (repeated.rule ?? []).map((r) => r.trim());
  if (rules.some((r) => r === '')) throw new QuestionError('invalid', 'rule', 'rule is empty: give a rule id, e.g. k8s.secrets-read');
  checkRuleIds(rules);
  return {
    ...(params.source !== undefined && { source: params.source }),
    ...(params.snapshot !== undefined && { snapshotId: Number(params.snapshot) }),
    ...(rules.length > 0 && { rules }),
    ...(params.minSeverity !== undefined && { minSeverity: params.minSeverity }),
    ...(params.hideBuiltin !== undefined && { hideBuiltin: params.hideBuiltin === 'true' || params.hideBuiltin === '1' }),
  };
}
