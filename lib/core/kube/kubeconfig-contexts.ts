// A kubeconfig's context names and its current-context, read one way wherever they are read: in
// the browser by the new-source form (components/sources/new-source-form.tsx offers a context
// chooser before anything is sent) and on the server by lib/collect/kube/kubeconfig-policy.ts,
// which goes on to check every cluster, user and context before the file is used. One reading,
// so the chooser offers exactly the contexts the server will find, and a file the server refuses
// for its YAML, its kind or its contexts is refused in the form with the same words.
// Messages name a field or a position and never quote the text: it may hold a token.
// Pure: no I/O.
import { parse } from 'yaml';

export type KubeconfigMapping = Record<string, unknown>;

export type KubeconfigDocument = { ok: true; doc: KubeconfigMapping } | { ok: false; error: string };

export type KubeconfigContexts = { ok: true; contexts: string[]; current: string | null } | { ok: false; error: string };

/** A YAML mapping (not a sequence, a scalar or the bytes of a `!!binary`). */
export function isYamlMapping(value: unknown): value is KubeconfigMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function refusal(message: string): { ok: false; error: string } {
  return { ok: false, error: `kubeconfig: ${message}` };
}

/** The text as a kubeconfig's top-level mapping: valid YAML, a mapping, and of kind Config when it names a kind. */
export function readKubeconfigDocument(text: string): KubeconfigDocument {
  let doc: unknown;
  try {
    // The default YAML 1.2 core schema: no `<<` merges, duplicate keys refused, aliases capped.
    doc = parse(text);
  } catch (error) {
    // The parser's message quotes the offending lines, which may hold a token: code and position only.
    const e = error as { code?: unknown; linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    const code = typeof e.code === 'string' ? ` (${e.code})` : '';
    return refusal(`not valid YAML${code}${at}`);
  }
  if (!isYamlMapping(doc)) return refusal('is not a YAML mapping');
  if (doc.kind !== undefined && doc.kind !== 'Config') return refusal('is not a kubeconfig (its kind is not Config)');
  return { ok: true, doc };
}

/**
 * The context names of a kubeconfig's mapping and its current-context: null when unset, empty
 * or naming no context (kubectl then needs --context, and so does the form).
 */
export function readContextNames(doc: KubeconfigMapping): KubeconfigContexts {
  const entries = doc.contexts ?? [];
  if (!Array.isArray(entries)) return refusal('contexts is not a list');
  const contexts: string[] = [];
  for (const [i, entry] of entries.entries()) {
    if (!isYamlMapping(entry)) return refusal(`contexts[${i}] is not a mapping`);
    if (typeof entry.name !== 'string' || entry.name === '') return refusal(`contexts[${i}].name is missing`);
    contexts.push(entry.name);
  }
  const current = doc['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string') return refusal('current-context is not a string');
  if (contexts.length === 0) return refusal('has no contexts');
  return { ok: true, contexts, current: typeof current === 'string' && contexts.includes(current) ? current : null };
}

/** The context names and current-context of kubeconfig text, or why it is not one. */
export function kubeconfigContexts(text: string): KubeconfigContexts {
  const read = readKubeconfigDocument(text);
  return read.ok ? readContextNames(read.doc) : read;
}
