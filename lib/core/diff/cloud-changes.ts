// Field-level changes of a changed cloud-account object (bodies of lib/core/ram/model.ts): a
// policy's default version moved (RAM SetDefaultPolicyVersion / AWS SetDefaultPolicyVersion: the
// document in force changes with it), attachments and group memberships added or removed, inline
// policies, permissions boundaries, trust policies (AssumeRolePolicyDocument) and access keys.
import { canonicalJson } from '../kube/canonical-json';
import type { AccessKeyInfo, InlinePolicy, PolicyAttachment } from '../ram/model';
import { isJsonObject, type JsonObject, type JsonValue, type StoredObject } from '../snapshot/types';
import { topLevelChanges } from './cluster-changes';
import type { FieldChange } from './types';

/** A JSON scalar as text; objects and arrays as canonical JSON. */
function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '(none)';
  return typeof value === 'object' ? canonicalJson(value) : String(value);
}

function array(body: JsonObject, field: string): JsonValue[] {
  const value = body[field];
  return Array.isArray(value) ? value : [];
}

function attachmentText(a: JsonValue): string {
  if (!isJsonObject(a)) return canonicalJson(a);
  const att = a as unknown as PolicyAttachment;
  const scope = isJsonObject(a.scope) && a.scope.kind === 'resource-group' ? ` on resource group ${text(a.scope.resourceGroupId)}` : '';
  return `${att.policyType} policy ${att.policyName}${scope}`;
}

/** Set difference under `keyOf` (attachments ignore attachDate). */
function setChanges(
  before: JsonValue[],
  after: JsonValue[],
  keyOf: (v: JsonValue) => string,
): { added: JsonValue[]; removed: JsonValue[] } {
  const b = new Map(before.map((v) => [keyOf(v), v]));
  const a = new Map(after.map((v) => [keyOf(v), v]));
  return { added: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v), removed: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v) };
}

const attachmentKey = (v: JsonValue): string => {
  if (!isJsonObject(v)) return canonicalJson(v);
  return canonicalJson({ policyType: v.policyType ?? null, policyName: v.policyName ?? null, scope: v.scope ?? null });
};

function attachmentChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const { added, removed } = setChanges(array(before, 'attachedPolicies'), array(after, 'attachedPolicies'), attachmentKey);
  return [
    ...removed.map((v): FieldChange => ({ type: 'attachment-removed', text: `attachment removed: ${attachmentText(v)}`, before: v })),
    ...added.map((v): FieldChange => ({ type: 'attachment-added', text: `attachment added: ${attachmentText(v)}`, after: v })),
  ];
}

function groupChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const { added, removed } = setChanges(array(before, 'groups'), array(after, 'groups'), canonicalJson);
  return [
    ...removed.map((g): FieldChange => ({ type: 'group-membership-removed', text: `removed from group ${text(g)}`, before: g })),
    ...added.map((g): FieldChange => ({ type: 'group-membership-added', text: `added to group ${text(g)}`, after: g })),
  ];
}

function inlineChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const byName = (body: JsonObject) =>
    new Map(
      array(body, 'inlinePolicies')
        .filter(isJsonObject)
        .map((p) => [String((p as unknown as InlinePolicy).name), p]),
    );
  const b = byName(before);
  const a = byName(after);
  const out: FieldChange[] = [];
  for (const [name, p] of b)
    if (!a.has(name)) out.push({ type: 'inline-policy-removed', text: `inline policy ${name} removed`, before: p });
  for (const [name, p] of a) {
    const old = b.get(name);
    if (!old) out.push({ type: 'inline-policy-added', text: `inline policy ${name} added`, after: p });
    else if (canonicalJson(old) !== canonicalJson(p))
      out.push({ type: 'inline-policy-changed', text: `inline policy ${name} changed`, before: old, after: p });
  }
  return out;
}

function keyChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const byId = (body: JsonObject) =>
    new Map(
      array(body, 'accessKeys')
        .filter(isJsonObject)
        .map((k) => [String((k as unknown as AccessKeyInfo).accessKeyId), k]),
    );
  const b = byId(before);
  const a = byId(after);
  const out: FieldChange[] = [];
  for (const [id, k] of b) if (!a.has(id)) out.push({ type: 'access-key-removed', text: `access key ${id} removed`, before: k });
  for (const [id, k] of a) {
    const old = b.get(id);
    if (!old) out.push({ type: 'access-key-added', text: `access key ${id} added (${text(k.status)})`, after: k });
    else if (old.status !== k.status) {
      out.push({ type: 'access-key-changed', text: `access key ${id}: ${text(old.status)} → ${text(k.status)}`, before: old, after: k });
    }
  }
  return out;
}

function changedJson(before: JsonObject, after: JsonObject, field: string): boolean {
  return canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null);
}

function boundaryChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  if (!changedJson(before, after, 'permissionsBoundary')) return [];
  const boundary = (v: JsonValue | undefined) => (isJsonObject(v) ? `${text(v.policyType)} policy ${text(v.policyName)}` : '(none)');
  return [
    {
      type: 'permissions-boundary-changed',
      text: `permissions boundary: ${boundary(before.permissionsBoundary)} → ${boundary(after.permissionsBoundary)}`,
      before: before.permissionsBoundary ?? null,
      after: after.permissionsBoundary ?? null,
    },
  ];
}

function policyChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.defaultVersion !== after.defaultVersion) {
    out.push({
      type: 'default-version-changed',
      text: `default version ${text(before.defaultVersion)} → ${text(after.defaultVersion)}`,
      before: before.defaultVersion ?? null,
      after: after.defaultVersion ?? null,
    });
  }
  if (changedJson(before, after, 'document')) {
    out.push({ type: 'document-changed', text: 'policy document changed', before: before.document ?? null, after: after.document ?? null });
  }
  return out;
}

const HANDLED = [
  'attachedPolicies',
  'groups',
  'inlinePolicies',
  'accessKeys',
  'permissionsBoundary',
  'trustPolicy',
  'defaultVersion',
  'document',
  'updateDate',
];

/** The field-level changes of a cloud object whose hash changed. */
export function cloudObjectChanges(before: StoredObject, after: StoredObject): FieldChange[] {
  const b = before.body;
  const a = after.body;
  const out: FieldChange[] = [];
  if (before.kind === 'CloudPolicy') out.push(...policyChanges(b, a));
  if (before.kind === 'CloudRole' && changedJson(b, a, 'trustPolicy')) {
    out.push({
      type: 'trust-policy-changed',
      text: 'trust policy changed (who may assume this role)',
      before: b.trustPolicy ?? null,
      after: a.trustPolicy ?? null,
    });
  }
  out.push(...attachmentChanges(b, a), ...groupChanges(b, a), ...inlineChanges(b, a), ...boundaryChanges(b, a), ...keyChanges(b, a));
  out.push(...topLevelChanges(b, a, HANDLED));
  return out;
}
