// VERB TYPE[.GROUP][/NAME] or VERB /NON/RESOURCE/URL, with -n and --subresource,
// into the engine's request. Everything is taken literally, as the API server does.
import type { AuthzRequest } from '../lib/core/rbac/types';
import { parseResourceTarget } from '../lib/core/rbac/parse-target';
import { UsageError } from './args';

export function requestFromArgs(verb: string, target: string, namespace: string, subresource: string | undefined): AuthzRequest {
  if (verb === '') throw new UsageError('VERB must not be empty');
  const parsed = parseResourceTarget(target);
  if ('error' in parsed) throw new UsageError(parsed.error);
  if ('path' in parsed) {
    if (namespace !== '') throw new UsageError(`${target} is a non-resource URL: it has no namespace (drop -n/-A)`);
    if (subresource !== undefined) throw new UsageError(`${target} is a non-resource URL: it has no subresource`);
    return { kind: 'nonResource', verb, path: parsed.path };
  }
  if (subresource === '') throw new UsageError('--subresource must not be empty');
  return {
    kind: 'resource',
    verb,
    apiGroup: parsed.apiGroup,
    resource: parsed.resource,
    subresource: subresource ?? '',
    namespace,
    name: parsed.name,
  };
}
