// ram.escalation: one finding per user or role (not already admin-equivalent account-wide) with at
// least one one-step escalation edge (escalation-edges.ts), the edges as its evidence: what it does
// (each request with the engine's paths, conditions when conditional), to what, and what that
// reaches. Conditional when every edge is.
import type { AdminStatus } from '../ram/account/admin';
import type { AccountPrincipal, CloudAccount } from '../ram/account/types';
import type { CloudObjects } from '../ram/decode-bodies';
import { managedPolicyKey } from '../ram/account/build-account';
import { ACCOUNT_SCOPE, policyParty } from './cloud-evidence';
import type { CloudFindingDraft } from './cloud-permissions';
import { escalationEdges, type EscalationEdge, type EscalationTarget } from './escalation-edges';
import type { Evidence, FindingParty } from './types';

const KIND: Record<'user' | 'group' | 'role', string> = { user: 'CloudUser', group: 'CloudGroup', role: 'CloudRole' };

function targetParty(target: EscalationTarget): FindingParty {
  return target.kind === 'policy' ? policyParty(target.type, target.name) : { kind: KIND[target.kind], name: target.name };
}

function edgeEvidence(edge: EscalationEdge): Evidence {
  return {
    kind: 'object',
    object: targetParty(edge.target),
    field: `escalation ${edge.kind}`,
    value: {
      steps: edge.steps.map((s) => ({
        request: `${s.action} on ${s.resource}`,
        side: s.side,
        decision: s.decision,
        via: s.paths,
        ...(s.conditions.length > 0 ? { conditions: s.conditions } : {}),
      })),
      reaches: edge.reaches,
      conditional: edge.conditional,
    },
  };
}

/** AWS customer-managed policies' ARNs, from the stored bodies (the account keeps documents only). */
function policyArns(objects: CloudObjects): Map<string, string> {
  const out = new Map<string, string>();
  for (const { name, body } of objects.policies) if (body.arn) out.set(managedPolicyKey(body.policyType, name), body.arn);
  return out;
}

/** User name → has a console login profile, for the users whose source reports credentials. */
function loginProfiles(objects: CloudObjects): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const { name, body } of objects.users) if (body.credentialsReported !== false) out.set(name, body.loginProfile !== null);
  return out;
}

export function escalationDrafts(
  account: CloudAccount,
  objects: CloudObjects,
  admins: ReadonlySet<string>,
  adminStatus?: ReadonlyMap<AccountPrincipal, AdminStatus>,
): CloudFindingDraft[] {
  const byPrincipal = new Map<string, { kind: string; name: string; edges: EscalationEdge[] }>();
  const options = {
    skip: admins,
    policyArns: policyArns(objects),
    loginProfiles: loginProfiles(objects),
    ...(adminStatus ? { adminStatus } : {}),
  };
  for (const edge of escalationEdges(account, options)) {
    const kind = edge.from.kind === 'user' ? 'CloudUser' : 'CloudRole';
    const key = `${kind}/${edge.from.name}`;
    const entry = byPrincipal.get(key) ?? { kind, name: edge.from.name, edges: [] };
    entry.edges.push(edge);
    byPrincipal.set(key, entry);
  }
  return [...byPrincipal.values()].map(({ kind, name, edges }) => ({
    subject: { kind, name },
    object: null,
    scope: ACCOUNT_SCOPE,
    evidence: edges.map(edgeEvidence),
    ...(edges.every((e) => e.conditional) ? { conditional: true } : {}),
  }));
}
