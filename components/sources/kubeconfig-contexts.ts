// The context names of a kubeconfig, read in the browser (to offer a context chooser before
// anything is sent) and again on the server. Only names are read; nothing else is kept.
import { parse } from 'yaml';

export type ContextsResult = { ok: true; contexts: string[]; current: string | null } | { ok: false; error: string };

export function kubeconfigContexts(text: string): ContextsResult {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const where = error instanceof Error ? error.message.split('\n')[0] : 'invalid YAML';
    return { ok: false, error: `kubeconfig is not valid YAML: ${where}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, error: 'kubeconfig is not a YAML mapping' };
  const config = doc as { kind?: unknown; contexts?: unknown; 'current-context'?: unknown };
  if (config.kind !== undefined && config.kind !== 'Config')
    return { ok: false, error: `kubeconfig has kind ${JSON.stringify(config.kind)}, not Config` };
  const contexts = Array.isArray(config.contexts)
    ? config.contexts.flatMap((c: unknown) =>
        typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' ? [(c as { name: string }).name] : [],
      )
    : [];
  if (contexts.length === 0) return { ok: false, error: 'kubeconfig has no contexts' };
  const current =
    typeof config['current-context'] === 'string' && contexts.includes(config['current-context']) ? config['current-context'] : null;
  return { ok: true, contexts, current };
}
