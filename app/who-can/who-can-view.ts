import 'server-only';
// The who-can page's view of an answer: each path with the text of the rule it names, so the
// browser receives only the fields it shows and never recomputes anything.
import type { ClusterObjects, PolicyRule } from '../../lib/core/kube/types';
import type { BindingRef, Match, WhoCanSubject } from '../../lib/core/rbac/types';
import type { MissingKind, SnapshotStatus } from '../../lib/core/snapshot/types';
import type { Store } from '../../lib/store';
import { requestNotes } from '../../lib/core/rbac/request-notes';
import {
  answerWhoCan,
  describeQuery,
  type ParamError,
  type RawParams,
  type WhoCanOutcome,
  type WhoCanQuery,
} from '../../lib/server/who-can-query';

export type RuleView = Pick<PolicyRule, 'verbs' | 'apiGroups' | 'resources' | 'resourceNames' | 'nonResourceURLs'>;

export interface PathView extends Match {
  /** The rule at ruleIndex in the role the binding resolved to; null only if the index disagrees with the snapshot. */
  rule: RuleView | null;
}

export interface SubjectView {
  kind: WhoCanSubject['kind'];
  name: string;
  namespace?: string;
  paths: PathView[];
}

export interface WhoCanView {
  question: string;
  snapshot: {
    id: number;
    seq: number | null;
    sourceName: string;
    status: SnapshotStatus;
    finishedAt: string | null;
    /** Non-RBAC kinds this (partial) snapshot lacks; they do not change the answer. */
    missingKinds: MissingKind[];
  };
  /** Remarks that qualify the answer, e.g. a namespace the snapshot does not know. */
  notes: string[];
  subjects: SubjectView[];
}

export type WhoCanViewResponse = { ok: true; view: WhoCanView } | { ok: false; field: ParamError['field']; error: string };

function bindingKey(ref: BindingRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

/** Remarks from the snapshot's own data (lib/core), as sentences for the page. */
function notesFor(query: WhoCanQuery, objects: ClusterObjects): string[] {
  return requestNotes(query.request, objects, { allNamespaces: query.allNamespaces }).map(
    (n) => `${n[0]?.toUpperCase() ?? ''}${n.slice(1)}.`,
  );
}

/** Attaches to every path the rule text it names, read from the same resolved bindings the engine used. */
export function toWhoCanView(outcome: Extract<WhoCanOutcome, { ok: true }>): WhoCanView {
  const { query, loaded, answer } = outcome;
  const rulesByBinding = new Map(loaded.index.bindings.map((b) => [bindingKey(b.ref), b.rules]));
  const ruleAt = (match: Match): RuleView | null => {
    const rule = rulesByBinding.get(bindingKey(match.binding))?.[match.ruleIndex];
    if (!rule) return null;
    const { verbs, apiGroups, resources, resourceNames, nonResourceURLs } = rule;
    return { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
  };
  const s = loaded.snapshot;
  return {
    question: describeQuery(query),
    snapshot: {
      id: s.id,
      seq: s.seq,
      sourceName: s.sourceName,
      status: s.status,
      finishedAt: s.finishedAt ? s.finishedAt.toISOString() : null,
      missingKinds: s.missingKinds,
    },
    notes: notesFor(query, loaded.objects),
    subjects: answer.subjects.map(({ matchedBy, ...subject }) => ({
      ...subject,
      paths: matchedBy.map((match) => ({ ...match, rule: ruleAt(match) })),
    })),
  };
}

export async function answerWhoCanView(store: Store, raw: RawParams): Promise<{ status: number; body: WhoCanViewResponse }> {
  const outcome = await answerWhoCan(store, raw);
  if (!outcome.ok) return { status: outcome.status, body: { ok: false, field: outcome.field, error: outcome.error } };
  return { status: 200, body: { ok: true, view: toWhoCanView(outcome) } };
}
