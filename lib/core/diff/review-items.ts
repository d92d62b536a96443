// What a review freezes: the permission changes grouped by subject (highest impact first), then
// object changes that moved no permission (a new Pod, a relabelled Namespace), each with a stable
// key that a reviewer's mark attaches to. Plain JSON, so a past review reads the same forever.
import { canonicalJson, sha256Hex } from '../kube/canonical-json';
import { objectText, subjectText } from './describe';
import { groupBySubject } from './group-changes';
import { impactTitle, type ImpactRuleId } from './impact';
import { keyOfObject } from './object-diff';
import type { DiffResult, ObjectRef, PermissionSubject } from './types';

export interface ReviewPermissionItem {
  key: string;
  direction: 'gained' | 'lost';
  grants: string[];
  causes: string[];
  score: number;
  impact: string[];
}

export interface ReviewSubject {
  subject: PermissionSubject;
  label: string;
  score: number;
  items: ReviewPermissionItem[];
}

export interface ReviewObjectItem {
  key: string;
  object: ObjectRef;
  label: string;
  status: 'added' | 'removed' | 'changed';
  changes: string[];
}

export interface ReviewItems {
  subjects: ReviewSubject[];
  /** Object changes that no permission change above is caused by. */
  objects: ReviewObjectItem[];
  notices: string[];
}

function objectItem(object: ObjectRef, status: ReviewObjectItem['status'], changes: string[]): ReviewObjectItem {
  const key = sha256Hex(canonicalJson({ object: keyOfObject(object), status, changes })).slice(0, 24);
  return { key, object, label: objectText(object), status, changes };
}

export function buildReviewItems(diff: DiffResult): ReviewItems {
  const subjects = groupBySubject(diff.permissions).map((s): ReviewSubject => ({
    subject: s.subject,
    label: subjectText(s.subject),
    score: s.score,
    items: s.groups.map((g) => ({
      key: g.key,
      direction: g.direction,
      grants: g.grants.map((x) => x.text),
      causes: g.causes.map((c) => c.text),
      score: g.score,
      impact: g.impactRules.map((r: ImpactRuleId) => impactTitle(r)),
    })),
  }));
  const causing = new Set([...diff.permissions.gained, ...diff.permissions.lost].flatMap((p) => p.causes.map(keyOfObject)));
  const o = diff.objects;
  const objects = [
    ...o.changed.map((c) =>
      objectItem(
        { kind: c.kind, name: c.name, namespace: c.namespace },
        'changed',
        c.changes.map((x) => x.text),
      ),
    ),
    ...o.added.map((r) => objectItem(r, 'added', [])),
    ...o.removed.map((r) => objectItem(r, 'removed', [])),
  ].filter((item) => !causing.has(keyOfObject(item.object)));
  return { subjects, objects, notices: diff.notices };
}

/** How many things a reviewer marks in these items. */
export function countReviewItems(items: ReviewItems): number {
  return items.subjects.reduce((n, s) => n + s.items.length, 0) + items.objects.length;
}
