// Remarks a snapshot's own data makes about a question: they qualify an answer, never change it.
// The engine answers exactly what RBAC would for the attributes given; these notes say when
// the API server would never send such attributes (as `kubectl auth can-i` warns
// "resource 'nodes' is not namespace scoped" and "the server doesn't have a resource type").
import type { ClusterObjects } from '../kube/types';
import type { AuthzRequest } from './types';

export function requestNotes(request: AuthzRequest, objects: ClusterObjects, opts: { allNamespaces?: boolean } = {}): string[] {
  if (request.kind !== 'resource') return [];
  const notes: string[] = [];
  const { namespace, apiGroup, resource } = request;
  if (namespace !== '' && objects.namespaces.length > 0 && !objects.namespaces.some((n) => n.name === namespace)) {
    notes.push(`namespace ${namespace} does not exist in this snapshot`);
  }
  const known = objects.apiResources.filter((a) => a.group === apiGroup && a.name === resource);
  // GET /api/v1/namespaces/ns1 carries namespace ns1 (requestinfo.go), so `namespaces` is asked
  // about in a namespace even though it is cluster-scoped: a RoleBinding in ns1 can grant reading ns1.
  const askedInNamespace = namespace !== '' || opts.allNamespaces === true;
  if (known.length > 0 && known.every((a) => !a.namespaced) && askedInNamespace && !(apiGroup === '' && resource === 'namespaces')) {
    notes.push(
      `${resource} is cluster-scoped: requests for it carry no namespace, so in practice only ClusterRoleBindings grant it (ask without a namespace)`,
    );
  }
  if (objects.apiResources.length > 0 && known.length === 0 && resource !== '*') {
    notes.push(`API discovery in this snapshot lists no resource ${resource} in group ${apiGroup === '' ? '"" (core)' : apiGroup}`);
  }
  return notes;
}
