// Reads a JSON input into entries. A `kind: List` (or a top-level array) is parsed one item at
// a time from the spans split-json-list.ts finds, each handed to the sink right away, so only
// what the sink keeps of each item accumulates: parsing a 250 MiB pod list whole peaked at
// about three times its size. Anything else, and anything the item-by-item path did not
// expect, is parsed whole as before; both paths give the same entries. A text nested deeper
// than the limit (nesting-depth.ts) is refused by the whole-text path, naming where. Pure.

import { isJsonObject, type CollectError } from '../../core/snapshot/types';
import { describeLocation, describeNonObject, DocumentError, isListKind, type DocumentLocation, type EntrySink } from './document-entry';
import { decodeText, type InputText } from './input-text';
import { locateJsonError } from './locate-json-error';
import { bytePosition, jsonTooDeepAt, tooDeepMessage, valueTooDeep } from './nesting-depth';
import { splitJsonList, type JsonMember, type Span } from './split-json-list';

/** 'read': every entry was added; 'invalid': the text is not JSON; 'whole': parse it whole to know. */
export type ItemwiseOutcome = 'read' | 'invalid' | 'whole';

/**
 * Adds the input's entries to the sink; false when the text is not JSON (the sink may then hold
 * some entries, to be discarded). Throws DocumentError for a JSON value that is no object.
 */
export function readJson(input: InputText, sink: EntrySink): boolean {
  const outcome = readJsonItemwise(input, sink);
  if (outcome !== 'whole') return outcome === 'read';
  sink.discard();
  return readJsonWhole(input, sink);
}

/** The error for a text that is not JSON, positioned by rescanning it (see locate-json-error.ts). */
export function jsonSyntaxError(input: InputText): CollectError {
  const at = locateJsonError(decodeText(input));
  return { code: 'bad-input', message: `${input.name}:${at.line}:${at.col}: invalid JSON: ${at.reason}` };
}

/**
 * The reference path: JSON.parse of the whole text (V8's parser keeps its own stack, so any depth
 * parses), then the depth check before anything recurses over the value.
 */
export function readJsonWhole(input: InputText, sink: EntrySink): boolean {
  let value: unknown;
  try {
    value = JSON.parse(decodeText(input)) as unknown;
  } catch {
    return false;
  }
  assertNotTooDeep(input, value);
  expandJson(value, { file: input.name, document: 1 }, sink, true);
  return true;
}

/** The bad-input error naming the file, line and column where a parsed JSON text nests past the limit; null within it. */
export function jsonTooDeepError(input: InputText, value: unknown): CollectError | null {
  if (!valueTooDeep(value)) return null;
  const at = bytePosition(input.bytes, Math.max(0, jsonTooDeepAt(input.bytes)));
  return { code: 'bad-input', message: tooDeepMessage(`${input.name}:${at.line}:${at.col}`) };
}

function assertNotTooDeep(input: InputText, value: unknown): void {
  const error = jsonTooDeepError(input, value);
  if (error) throw new DocumentError(error.message);
}

/**
 * The item-by-item path, for a List object or a top-level array. Every other member is parsed
 * too, so a text is read only if JSON.parse would accept it whole; an item that fails to parse
 * proves it would not. A Secret, a kind that is no List, a repeated key or an item that is no
 * object are rare and subtle enough to leave to the whole-text path.
 */
export function readJsonItemwise(input: InputText, sink: EntrySink): ItemwiseOutcome {
  const { bytes } = input;
  const layout = splitJsonList(bytes);
  const where: DocumentLocation = { file: input.name, document: 1 };
  if (layout.type === 'truncated') return 'invalid';
  // Too deep: the whole-text path decides whether it is JSON at all, and refuses it if so.
  if (layout.type === 'other' || layout.type === 'too-deep') return 'whole';
  if (layout.type === 'array') return readItems(bytes, layout.elements, where, sink);
  const header = readListHeader(bytes, layout.members);
  if (header === 'invalid' || header === 'whole') return header;
  if (header.kind === 'Secret' || header.items === null || !isListKind(header.kind, true)) return 'whole';
  return readItems(bytes, header.items, where, sink);
}

interface ListHeader {
  kind: unknown;
  /** Element spans of `items` when it is an array. */
  items: number[] | null;
}

/** Parses every member but `items` (apiVersion, kind, metadata, ...) from its own slice. */
function readListHeader(bytes: Buffer, members: readonly JsonMember[]): ListHeader | 'invalid' | 'whole' {
  const header: ListHeader = { kind: undefined, items: null };
  const seen = new Set<string>();
  for (const member of members) {
    const key = parseSlice(bytes, member.key);
    if (typeof key !== 'string') return 'invalid';
    // JSON.parse keeps the last of repeated keys; rare enough to leave to it.
    if (seen.has(key)) return 'whole';
    seen.add(key);
    if (key === 'items' && member.elements !== null) {
      header.items = member.elements;
      continue;
    }
    const value = parseSlice(bytes, member.value);
    if (value === NOT_JSON) return 'invalid';
    if (key === 'kind') header.kind = value;
  }
  return header;
}

function readItems(bytes: Buffer, spans: readonly number[], where: DocumentLocation, sink: EntrySink): ItemwiseOutcome {
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const item = parseSlice(bytes, { start: spans[i] ?? 0, end: spans[i + 1] ?? 0 });
    if (item === NOT_JSON) return 'invalid';
    try {
      expandJson(item, { ...where, item: i / 2 + 1 }, sink, false);
    } catch (error) {
      // The whole-text path reports it, unless a later item makes the text no JSON at all.
      if (error instanceof DocumentError) return 'whole';
      throw error;
    }
  }
  return 'read';
}

const NOT_JSON = Symbol('not JSON');

function parseSlice(bytes: Buffer, span: Span): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', span.start, span.end)) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function expandJson(value: unknown, where: DocumentLocation, sink: EntrySink, isTopLevel: boolean): void {
  if (Array.isArray(value) && isTopLevel) {
    value.forEach((item, index) => expandJson(item, { ...where, item: index + 1 }, sink, false));
    return;
  }
  if (!isJsonObject(value)) throw new DocumentError(`${describeLocation(where)}: ${describeNonObject(value)}, not a Kubernetes object`);
  if (value.kind === 'Secret') {
    sink.add({ type: 'secret', where });
    return;
  }
  const items = value.items;
  if (isListKind(value.kind, Array.isArray(items))) {
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => expandJson(item, { ...where, item: index + 1 }, sink, false));
    return;
  }
  sink.add({ type: 'object', object: value, where });
}
