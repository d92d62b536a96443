// Token hygiene, per ServiceAccount:
// - k8s.automount-token (CIS 5.1.6): a ServiceAccount that holds rights of its own (a binding
//   names it) and whose token is mounted into Pods. Whether a Pod mounts it is decided as the
//   ServiceAccount admission plugin does: the Pod's automountServiceAccountToken if set, else the
//   ServiceAccount's, else true (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting).
//   One finding per ServiceAccount, not per Pod: Pod names change on every rollout, and the fix
//   (automountServiceAccountToken: false, or fewer rights) is made on the ServiceAccount or its workloads.
// - k8s.legacy-sa-token: a ServiceAccount whose `secrets` list still names Secrets, where
//   Kubernetes before 1.24 put its long-lived, never-expiring token Secret. Read from the
//   ServiceAccount's own list, never from Secrets (which Access Atlas does not store).

import type { JsonObject } from '../snapshot/types';
import { isJsonObject } from '../snapshot/types';
import type { AuthzIndex } from '../rbac/authz-index';
import { automountEvidence, bindingParty, saKey, serviceAccountParty } from './binding-hygiene';
import type { FindingDraft } from './probes';
import type { Evidence } from './types';

/** A ServiceAccount's `secrets` list, by name: what k8s.legacy-sa-token reads. */
export interface ServiceAccountSecrets {
  namespace: string;
  name: string;
  secrets: readonly string[];
}

/**
 * The `secrets` lists of stored ServiceAccount bodies (normalized objects keep the field), for
 * callers that hold the bodies: lib/core/kube's ServiceAccount type does not carry it.
 */
export function serviceAccountSecretsOf(bodies: readonly JsonObject[], defaultNamespace = ''): ServiceAccountSecrets[] {
  const out: ServiceAccountSecrets[] = [];
  for (const body of bodies) {
    if (body.kind !== 'ServiceAccount' || body.apiVersion !== 'v1' || !isJsonObject(body.metadata)) continue;
    const { name, namespace } = body.metadata;
    if (typeof name !== 'string') continue;
    const list = Array.isArray(body.secrets) ? body.secrets : [];
    const secrets = list.flatMap((s) => (isJsonObject(s) && typeof s.name === 'string' ? [s.name] : []));
    out.push({ namespace: typeof namespace === 'string' && namespace !== '' ? namespace : defaultNamespace, name, secrets });
  }
  return out;
}

export function automountTokenDrafts(index: AuthzIndex): FindingDraft[] {
  const { objects } = index;
  // The bindings naming each ServiceAccount (by effective namespace): its own rights.
  const bindingsOf = new Map<string, Evidence[]>();
  for (const b of index.bindings) {
    for (const s of b.reportable) {
      if (s.kind !== 'ServiceAccount') continue;
      const key = saKey(s.namespace ?? '', s.name);
      const list = bindingsOf.get(key) ?? [];
      list.push({ kind: 'object', object: bindingParty(b.ref), field: 'roleRef', value: { kind: b.role.kind, name: b.role.name } });
      bindingsOf.set(key, list);
    }
  }
  const accounts = new Map(objects.serviceAccounts.map((sa) => [saKey(sa.namespace, sa.name), sa]));
  const mounted = new Map<string, { namespace: string; name: string; pods: Evidence[] }>();
  for (const pod of objects.pods) {
    const key = saKey(pod.namespace, pod.serviceAccountName);
    if (!bindingsOf.has(key)) continue;
    if (!(pod.automountServiceAccountToken ?? accounts.get(key)?.automountServiceAccountToken ?? true)) continue;
    let entry = mounted.get(key);
    if (!entry) mounted.set(key, (entry = { namespace: pod.namespace, name: pod.serviceAccountName, pods: [] }));
    entry.pods.push({
      kind: 'object',
      object: { kind: 'Pod', name: pod.name, namespace: pod.namespace },
      field: 'spec.automountServiceAccountToken',
      value: pod.automountServiceAccountToken ?? null,
    });
  }
  return [...mounted].map(([key, { namespace, name, pods }]) => {
    const sa = accounts.get(key);
    const party = serviceAccountParty(namespace, name);
    const evidence = [...(sa ? [automountEvidence(sa)] : []), ...(bindingsOf.get(key) ?? []), ...pods];
    return { subject: party, object: party, scope: namespace, evidence };
  });
}

export function legacyTokenDrafts(accounts: readonly ServiceAccountSecrets[]): FindingDraft[] {
  return accounts
    .filter((sa) => sa.secrets.length > 0)
    .map((sa) => {
      const party = serviceAccountParty(sa.namespace, sa.name);
      return {
        subject: party,
        object: party,
        scope: sa.namespace,
        evidence: [{ kind: 'object', object: party, field: 'secrets', value: [...sa.secrets] }],
      };
    });
}
