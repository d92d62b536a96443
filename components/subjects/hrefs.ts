// Links between dashboard pages, in one place so every page spells a URL the same way
// (the URL map in the project brief: /subject, /role, /binding, /graph, /who-can).

export interface SubjectKeyLike {
  kind: string;
  name: string;
  namespace?: string | undefined;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value);
  return search.toString();
}

export function subjectHref(source: string, s: SubjectKeyLike): string {
  return `/subject?${query({ source, kind: s.kind, name: s.name, namespace: s.namespace })}`;
}

/** A Role lives in the namespace of the RoleBinding that names it; a ClusterRole has none. */
export function roleHref(source: string, role: { kind: string; name: string; namespace?: string | undefined }): string {
  return `/role?${query({ source, kind: role.kind, namespace: role.kind === 'Role' ? role.namespace : undefined, name: role.name })}`;
}

export function bindingHref(source: string, b: { kind: string; name: string; namespace?: string | undefined }): string {
  return `/binding?${query({ source, kind: b.kind, namespace: b.namespace, name: b.name })}`;
}

export function graphFocusHref(source: string, nodeId: string): string {
  return `/graph?${query({ source, focus: nodeId })}`;
}

/** The graph of a who-can answer: the question's own params, URL-encoded into one `whoCan` param. */
export function graphWhoCanHref(source: string, questionSearch: string): string {
  return `/graph?${query({ source, whoCan: questionSearch })}`;
}

export function whoCanHref(params: Record<string, string | undefined>): string {
  return `/who-can?${query(params)}`;
}
