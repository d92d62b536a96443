// The CLI's target argument, `TYPE[.GROUP][/NAME]` or a non-resource `/path`, as
// `kubectl auth can-i VERB TYPE[.GROUP][/NAME]` accepts it. Taken literally: RBAC matching is
// case-sensitive, so nothing is lower-cased or expanded (no short names, no kinds).

export type ResourceTarget = { kind: 'resource'; resource: string; apiGroup: string; name: string } | { kind: 'nonResource'; path: string };

/** A target, or why the argument is not one (discriminated by `kind`, or by the `error` key). */
export type ParseTargetResult = ResourceTarget | { kind: 'error'; error: string };

function fail(arg: string, why: string): ParseTargetResult {
  return { kind: 'error', error: `invalid target ${JSON.stringify(arg)}: ${why}` };
}

/**
 * `deployments.apps/web` -> resource deployments, group apps, name web. The group starts at the
 * FIRST '.', so `certificates.cert-manager.io` has group cert-manager.io; no '.' means the core
 * group ''. A leading '/' makes the whole argument a non-resource URL path.
 */
export function parseResourceTarget(arg: string): ParseTargetResult {
  if (arg === '') return fail(arg, 'empty');
  if (arg.startsWith('/')) return { kind: 'nonResource', path: arg };
  const parts = arg.split('/');
  if (parts.length > 2) return fail(arg, "more than one '/' (expected TYPE[.GROUP][/NAME])");
  const [typePart = '', name] = parts;
  if (name !== undefined && name === '') return fail(arg, "empty name after '/'");
  const dot = typePart.indexOf('.');
  const resource = dot < 0 ? typePart : typePart.slice(0, dot);
  const apiGroup = dot < 0 ? '' : typePart.slice(dot + 1);
  if (resource === '') return fail(arg, 'empty resource type');
  if (dot >= 0 && apiGroup === '') return fail(arg, "empty API group after '.'");
  return { kind: 'resource', resource, apiGroup, name: name ?? '' };
}
