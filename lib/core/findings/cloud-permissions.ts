// Cloud permission rules, each a question to the RAM/IAM engine, never a text search:
// - ram.admin-equivalent: admin.ts's verdict (probes asked as can-i asks them, so Deny, NotAction,
//   system policies, AWS boundaries and conditions weigh as they do there). A principal that is not
//   admin account-wide is asked again for each resource group one of its attachments is scoped to
//   (ram-semantics.md A2: such an attachment counts only for requests in its group).
// - ram.data-on-star: a small table of actions (DATA_ON_STAR_ACTIONS) asked on Resource `*` with an
//   unknown context: only an unconditional Allow on `*` (or a NotResource that spares `*`) counts,
//   so a statement scoped to named resources or carrying a Condition does not (the RAM risks research of issue 14, §5).
import { adminProbes, adminVerdict, type AdminVerdict } from '../ram/account/admin';
import { evaluatePrincipal, type OutcomeCache } from '../ram/account/evaluate-principal';
import type { AccountPrincipal, CloudAccount, CloudRequest } from '../ram/account/types';
import type { PolicyGrammar } from '../ram/model';
import {
  ACCOUNT_SCOPE,
  fieldEvidence,
  grantPath,
  policyParty,
  resourceGroupScope,
  statementEvidence,
  type CloudSubjectKind,
} from './cloud-evidence';
import type { FindingDraft } from './probes';
import type { Evidence, FindingParty } from './types';

/** A cloud finding-to-be: conditional when it holds only under conditions the question leaves unknown. */
export interface CloudFindingDraft extends FindingDraft {
  conditional?: boolean;
}

type Kind = Extract<CloudSubjectKind, 'CloudUser' | 'CloudRole'>;

function principalsOf(account: CloudAccount): { kind: Kind; principal: AccountPrincipal }[] {
  return [
    ...[...account.users.values()].map((principal) => ({ kind: 'CloudUser' as const, principal })),
    ...[...account.roles.values()].map((principal) => ({ kind: 'CloudRole' as const, principal })),
  ];
}

function adminEvidence(subject: { kind: Kind; name: string }, v: AdminVerdict): Evidence[] {
  const party: FindingParty = { kind: subject.kind, name: subject.name };
  const evidence: Evidence[] = v.grants.flatMap((g) =>
    (g.statements ?? []).map((index): Evidence => ({
      kind: 'object',
      object: policyParty(g.policyType, g.policyName),
      field: `Statement[${index}]`,
      value: { effect: 'Allow', via: [grantPath(subject, g.policyType, g.policyName, g.viaGroup)] },
    })),
  );
  for (const c of v.conditions) {
    evidence.push({
      kind: 'object',
      object: { kind: 'CloudPolicy', name: c.policy },
      field: `Statement[${c.index}].Condition`,
      value: { effect: c.effect, condition: c.condition ?? null },
    });
  }
  evidence.push(
    fieldEvidence(
      party,
      'admin probes',
      v.probes.map((p) => ({ action: p.request.action, resource: p.request.resource, decision: p.decision, conditional: p.conditional })),
    ),
  );
  if (v.unevaluated.length > 0) evidence.push(fieldEvidence(party, 'unevaluated policies', v.unevaluated));
  return evidence;
}

function resourceGroupsOf(principal: AccountPrincipal): string[] {
  const ids = new Set<string>();
  for (const h of principal.held) if (h.scope.kind === 'resource-group') ids.add(h.scope.resourceGroupId);
  return [...ids].sort();
}

/** Admin and conditional admin users and roles, account-wide, else per resource group. */
export function adminDrafts(account: CloudAccount): CloudFindingDraft[] {
  const probes = adminProbes(account);
  const caches = probes.map((): OutcomeCache => new Map());
  const out: CloudFindingDraft[] = [];
  for (const { kind, principal } of principalsOf(account)) {
    const subject = { kind, name: principal.name };
    const verdict = adminVerdict(account, principal, probes, caches);
    const found: [string, AdminVerdict][] =
      verdict.status !== 'not-admin'
        ? [[ACCOUNT_SCOPE, verdict]]
        : resourceGroupsOf(principal).map((rg) => [
            resourceGroupScope(rg),
            adminVerdict(
              account,
              principal,
              probes.map((p): CloudRequest => ({ ...p, resourceGroupId: rg })),
            ),
          ]);
    for (const [scope, v] of found) {
      if (v.status === 'not-admin') continue;
      out.push({
        subject,
        object: null,
        scope,
        evidence: adminEvidence(subject, v),
        ...(v.status === 'conditional' ? { conditional: true } : {}),
      });
    }
  }
  return out;
}

export type ActionCategory = 'data-access' | 'permissions-management';

/**
 * cloudsplaining's risk categories reduced to two, with a few actions each whose grant on every
 * resource is the risk. data-access: reading objects, secrets and decrypted data (exfiltration).
 * permissions-management: changing who may do what (attaching policies, rewriting them or a role's
 * trust, issuing another user's credentials, joining groups) and exposing resources (bucket ACLs
 * and policies). RAM names per the RAM risks research of issue 14 (§3, §5); AWS names from the Service Authorization
 * Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
export const DATA_ON_STAR_ACTIONS: Readonly<Record<PolicyGrammar, readonly { action: string; category: ActionCategory }[]>> = {
  ram: [
    { action: 'oss:GetObject', category: 'data-access' },
    { action: 'kms:Decrypt', category: 'data-access' },
    { action: 'kms:GetSecretValue', category: 'data-access' },
    { action: 'ram:AttachPolicyToUser', category: 'permissions-management' },
    { action: 'ram:AttachPolicyToRole', category: 'permissions-management' },
    { action: 'ram:CreatePolicyVersion', category: 'permissions-management' },
    { action: 'ram:UpdateRole', category: 'permissions-management' },
    { action: 'ram:CreateAccessKey', category: 'permissions-management' },
    { action: 'ram:AddUserToGroup', category: 'permissions-management' },
    { action: 'oss:PutBucketAcl', category: 'permissions-management' },
  ],
  aws: [
    { action: 's3:GetObject', category: 'data-access' },
    { action: 'kms:Decrypt', category: 'data-access' },
    { action: 'secretsmanager:GetSecretValue', category: 'data-access' },
    { action: 'iam:AttachUserPolicy', category: 'permissions-management' },
    { action: 'iam:AttachRolePolicy', category: 'permissions-management' },
    { action: 'iam:CreatePolicyVersion', category: 'permissions-management' },
    { action: 'iam:UpdateAssumeRolePolicy', category: 'permissions-management' },
    { action: 'iam:CreateAccessKey', category: 'permissions-management' },
    { action: 'iam:AddUserToGroup', category: 'permissions-management' },
    { action: 's3:PutBucketPolicy', category: 'permissions-management' },
  ],
};

/**
 * One finding per (user or role, category) with an unconditional Allow on `*` for an action of the
 * category; evidence: each such action with the identity statements that allow it. Principals that
 * are admin-equivalent account-wide (`skip`) are left to ram.admin-equivalent, which implies all of it.
 */
export function dataOnStarDrafts(account: CloudAccount, skip: ReadonlySet<string> = new Set()): CloudFindingDraft[] {
  const table = DATA_ON_STAR_ACTIONS[account.grammar];
  const caches = table.map((): OutcomeCache => new Map());
  const out: CloudFindingDraft[] = [];
  for (const { kind, principal } of principalsOf(account)) {
    if (skip.has(`${kind}/${principal.name}`)) continue;
    const byCategory = new Map<ActionCategory, Evidence[]>();
    table.forEach(({ action, category }, i) => {
      const e = evaluatePrincipal(account, principal, { action, resource: '*' }, undefined, caches[i]);
      if (e.decision !== 'Allow' || e.conditional) return;
      const list = byCategory.get(category) ?? [];
      for (const s of e.statements) {
        if (s.role === 'identity' && s.effect === 'Allow' && s.conditions === 'met') list.push(statementEvidence(`${action} on *`, s));
      }
      byCategory.set(category, list);
    });
    for (const [category, evidence] of byCategory) {
      out.push({
        subject: { kind, name: principal.name },
        object: { kind: 'ActionCategory', name: category },
        scope: ACCOUNT_SCOPE,
        evidence,
      });
    }
  }
  return out;
}
