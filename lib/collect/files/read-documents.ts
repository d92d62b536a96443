// Parses one input text (what `kubectl get ... -o yaml|json` prints, or manifests) into
// Kubernetes objects with their position, unwrapping `kind: List` / `*List` containers.
// Secrets are recognised by their kind and dropped before the rest of them is converted.
// Pure: no I/O, so no 'server-only'.

import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { CollectError, JsonObject } from '../../core/snapshot/types';
import type { InputText } from './read-input';
import { locateJsonError } from './locate-json-error';

export interface DocumentLocation {
  file: string;
  /** 1-based index of the YAML document (always 1 for JSON). */
  document: number;
  /** 1-based index inside a List's items (or a top-level JSON array). */
  item?: number;
  /** 1-based line where the object starts (YAML only). */
  line?: number;
}

export type ParsedEntry =
  | { type: 'object'; object: JsonObject; where: DocumentLocation }
  | { type: 'secret'; where: DocumentLocation };

export type ReadDocumentsResult = { ok: true; entries: ParsedEntry[] } | { ok: false; error: CollectError };

/** go-yaml resolves YAML 1.1 merge keys (`<<: *anchor`) and kubectl accepts them, so we do too. */
const YAML_OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: true } as const;
/** Bounds alias expansion ("billion laughs"); the yaml package's default. */
const MAX_ALIAS_COUNT = 100;

class DocumentError extends Error {}

export function describeLocation(where: DocumentLocation): string {
  const line = where.line === undefined ? '' : `:${where.line}`;
  const item = where.item === undefined ? '' : `, item ${where.item}`;
  return `${where.file}${line} (document ${where.document}${item})`;
}

export function readDocuments(input: InputText): ReadDocumentsResult {
  try {
    const entries: ParsedEntry[] = [];
    if (shouldTryJson(input)) {
      const parsed = parseJson(input);
      if (parsed.ok) {
        expandJson(parsed.value, { file: input.name, document: 1 }, entries, true);
        return { ok: true, entries };
      }
      if (input.format !== 'yaml') return { ok: false, error: parsed.error };
    }
    readYaml(input, entries);
    return { ok: true, entries };
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, error: { code: 'bad-input', message: error.message } };
    throw error;
  }
}

/**
 * JSON.parse is an order of magnitude faster than a YAML parser on large dumps. A .yaml file
 * holding JSON takes the fast path too; if that fails, the YAML parser decides.
 */
function shouldTryJson(input: InputText): boolean {
  if (input.format === 'json') return true;
  const first = /\S/.exec(input.text)?.[0];
  return first === '{' || first === '[';
}

function parseJson(input: InputText): { ok: true; value: unknown } | { ok: false; error: CollectError } {
  try {
    return { ok: true, value: JSON.parse(input.text) as unknown };
  } catch {
    const at = locateJsonError(input.text);
    return { ok: false, error: { code: 'bad-input', message: `${input.name}:${at.line}:${at.col}: invalid JSON: ${at.reason}` } };
  }
}

function expandJson(value: unknown, where: DocumentLocation, out: ParsedEntry[], isTopLevel: boolean): void {
  if (Array.isArray(value) && isTopLevel) {
    value.forEach((item, index) => expandJson(item, { ...where, item: index + 1 }, out, false));
    return;
  }
  if (!isPlainObject(value)) throw new DocumentError(`${describeLocation(where)}: ${describeNonObject(value)}, not a Kubernetes object`);
  if (value.kind === 'Secret') {
    out.push({ type: 'secret', where });
    return;
  }
  const items = value.items;
  if (isListKind(value.kind, Array.isArray(items))) {
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => expandJson(item, { ...where, item: index + 1 }, out, false));
    return;
  }
  out.push({ type: 'object', object: value, where });
}

function readYaml(input: InputText, out: ParsedEntry[]): void {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(input.text, { ...YAML_OPTIONS, lineCounter });
  documents.forEach((doc, index) => {
    const where: DocumentLocation = { file: input.name, document: index + 1 };
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = lineCounter.linePos(error.pos[0]);
      throw new DocumentError(`${input.name}:${at.line}:${at.col}: invalid YAML (document ${index + 1}): ${error.message}`);
    }
    expandYaml(doc.contents, doc, { ...where, line: lineOf(doc.contents, lineCounter) }, out, lineCounter);
  });
}

function expandYaml(node: Node | null, doc: Document, where: DocumentLocation, out: ParsedEntry[], lc: LineCounter): void {
  // A document with nothing but comments (fixture headers, a trailing `---`) holds no object.
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (isSeq(node) && where.item === undefined) {
    node.items.forEach((item, index) => {
      const child = asNode(item, doc);
      expandYaml(child, doc, { ...where, item: index + 1, line: lineOf(child, lc) }, out, lc);
    });
    return;
  }
  if (!isMap(node)) throw new DocumentError(`${describeLocation(where)}: ${describeNonObject(node.toJS(doc))}, not a Kubernetes object`);
  const kind: unknown = node.get('kind');
  // Recognised on the kind alone: nothing else of a Secret is converted or kept.
  if (kind === 'Secret') {
    out.push({ type: 'secret', where });
    return;
  }
  const items: unknown = node.get('items', true);
  if (isListKind(kind, isSeq(items))) {
    if (!isSeq(items)) return;
    items.items.forEach((item, index) => {
      const child = asNode(item, doc);
      expandYaml(child, doc, { ...where, item: index + 1, line: lineOf(child, lc) }, out, lc);
    });
    return;
  }
  out.push({ type: 'object', object: toJsonObject(node, doc, where), where });
}

/**
 * `kind: List` is what `kubectl get` prints for several objects; typed lists (RoleList, ...)
 * come from the API. APIResourceList ends in "List" but is an object we keep.
 */
function isListKind(kind: unknown, hasItems: boolean): boolean {
  if (kind === 'List') return true;
  return typeof kind === 'string' && kind.endsWith('List') && kind !== 'APIResourceList' && hasItems;
}

function toJsonObject(node: Node, doc: Document, where: DocumentLocation): JsonObject {
  let value: unknown;
  try {
    value = node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DocumentError(`${describeLocation(where)}: cannot read the object: ${reason}`);
  }
  // With the YAML 1.2 core schema, toJS yields only JSON values (no Dates, no Maps).
  if (!isPlainObject(value)) throw new DocumentError(`${describeLocation(where)}: not a Kubernetes object`);
  return value;
}

/** A sequence item as a node; an alias (`- *anchor`) stands for the node it names. */
function asNode(item: unknown, doc: Document): Node | null {
  if (isAlias(item)) return item.resolve(doc) ?? null;
  return isNode(item) ? item : null;
}

function lineOf(node: Node | null, lc: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lc.linePos(start).line;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeNonObject(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
