// Links to the cloud pages: /policy (with #statement-N anchors) and cloud principals on /subject.

export function policyHref(source: string, p: { type: string; name: string }, statementIndex?: number): string {
  const search = new URLSearchParams({ source, type: p.type, name: p.name });
  return `/policy?${search.toString()}${statementIndex !== undefined ? `#statement-${statementIndex}` : ''}`;
}

const KIND_OF: Record<string, string> = { user: 'CloudUser', group: 'CloudGroup', role: 'CloudRole' };

/** kind: CloudUser|CloudGroup|CloudRole, or the account model's user|group|role. */
export function cloudSubjectHref(source: string, kind: string, name: string): string {
  return `/subject?${new URLSearchParams({ source, kind: KIND_OF[kind] ?? kind, name }).toString()}`;
}
