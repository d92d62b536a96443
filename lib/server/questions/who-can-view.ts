import 'server-only';
// The who-can page's view of an answer: each path with the text of the rule it names, so the
// browser receives only the fields it shows and never recomputes anything.
import type { ClusterObjects, PolicyRule } from '../../core/kube/types';
import type { BindingRef, Match, WhoCanSubject } from '../../core/rbac/types';
import type { MissingKind, SnapshotStatus } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { requestNotes } from '../../core/rbac/request-notes';
import { QuestionError } from './errors';
import type { DefaultSource } from './resolve';
import { askWhoCan, describeQuery, parseWhoCanQuery, type RawParams, type WhoCanAsked, type WhoCanQuery } from './who-can';

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

/** The page's answer: the view, or the refusal with the parameter it names (the API sends refusals in the error envelope). */
export type WhoCanViewResponse = { ok: true; view: WhoCanView } | { ok: false; field: string; error: string };

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
export function toWhoCanView(outcome: WhoCanAsked): WhoCanView {
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

/** Asks and renders; throws a QuestionError naming the parameter when the question cannot be answered. */
export async function askWhoCanView(store: Store, raw: RawParams, defaultSource: DefaultSource): Promise<WhoCanView> {
  return toWhoCanView(await askWhoCan(store, parseWhoCanQuery(raw), defaultSource));
}

/** askWhoCanView as a result, for the server-rendered page. */
export async function answerWhoCanView(store: Store, raw: RawParams, defaultSource: DefaultSource): Promise<WhoCanViewResponse> {
  try {
    return { ok: true, view: await askWhoCanView(store, raw, defaultSource) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return { ok: false, field: error.param ?? 'query', error: error.message };
  }
}
