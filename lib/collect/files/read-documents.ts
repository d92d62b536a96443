// Parses one input (what `kubectl get ... -o yaml|json` prints, or manifests) into Kubernetes
// objects with their position, unwrapping `kind: List` / `*List` containers, and hands them to
// a sink one at a time (JSON: see read-json.ts).
// Secrets are recognised by their kind and dropped before the rest of them is converted.
// Nesting deeper than the limit (nesting-depth.ts) is refused while the YAML is parsed, before
// the composer (which recurses once per level) sees it.
// Pure: no I/O, so no 'server-only'.

import { Composer, isAlias, isMap, isNode, isScalar, isSeq, Lexer, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';
import { isJsonObject, type CollectError, type JsonObject } from '../../core/snapshot/types';
import { describeLocation, describeNonObject, DocumentError, isListKind, type DocumentLocation, type EntrySink } from './document-entry';
import { decodeText, type InputText } from './input-text';
import { MAX_NESTING_DEPTH, tooDeepMessage, valueTooDeep } from './nesting-depth';
import { jsonSyntaxError, readJson } from './read-json';

export { describeLocation, type DocumentLocation, type EntrySink, type ParsedEntry } from './document-entry';

export type ReadDocumentsResult = { ok: true } | { ok: false; error: CollectError };

/** go-yaml resolves YAML 1.1 merge keys (`<<: *anchor`) and kubectl accepts them, so we do too. */
const YAML_OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: true } as const;
/** Bounds alias expansion ("billion laughs"); the yaml package's default. */
const MAX_ALIAS_COUNT = 100;

/** Hands the input's entries to the sink as they are read; on error the sink's content is moot. */
export function readDocuments(input: InputText, sink: EntrySink): ReadDocumentsResult {
  try {
    if (shouldTryJson(input)) {
      if (readJson(input, sink)) return { ok: true };
      if (input.format === 'json') return { ok: false, error: jsonSyntaxError(input) };
      sink.discard();
    }
    readYaml(input.name, decodeText(input), sink);
    return { ok: true };
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, error: { code: 'bad-input', message: error.message } };
    throw error;
  }
}

/** What JavaScript's \s matches among ASCII characters. */
const ASCII_SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/**
 * JSON.parse is an order of magnitude faster than a YAML parser on large dumps. A .yaml file
 * holding JSON takes the fast path too; if that fails, the YAML parser decides.
 */
function shouldTryJson(input: InputText): boolean {
  if (input.format === 'json') return true;
  const first = firstNonSpace(input);
  return first === '{' || first === '[';
}

/** The first character JavaScript's \s does not match, found without decoding ASCII text. */
function firstNonSpace(input: InputText): string | undefined {
  const { bytes } = input;
  let pos = 0;
  while (ASCII_SPACE.has(bytes[pos] ?? -1)) pos += 1;
  const byte = bytes[pos];
  if (byte === undefined) return undefined;
  // Unicode spaces (U+00A0, U+2028, ...) match \s too: past ASCII, let the regex decide.
  return byte < 0x80 ? String.fromCharCode(byte) : /\S/.exec(decodeText(input))?.[0];
}

/** The CST tokens that open a level of nesting: maps and sequences, block or flow. */
const COLLECTION_TOKENS: ReadonlySet<string> = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * parseAllDocuments, one lexical token at a time: the parser's stack holds the collections open
 * at that point, so a text nested past the limit is refused as soon as it gets there, never
 * parsed to the end or composed.
 */
function parseYaml(name: string, text: string, lineCounter: LineCounter): Document[] {
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(YAML_OPTIONS);
  const documents: Document[] = [];
  const compose = (tokens: Iterable<CST.Token>) => {
    for (const token of tokens) documents.push(...composer.next(token));
  };
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    compose(parser.next(lexeme));
    if (parser.stack.length > MAX_NESTING_DEPTH && parser.stack.filter((t) => COLLECTION_TOKENS.has(t.type)).length > MAX_NESTING_DEPTH) {
      const at = lineCounter.linePos(parser.offset);
      throw new DocumentError(tooDeepMessage(`${name}:${at.line}:${at.col}`));
    }
  }
  compose(parser.end());
  documents.push(...composer.end());
  return documents;
}

function readYaml(name: string, text: string, sink: EntrySink): void {
  const lineCounter = new LineCounter();
  const documents = parseYaml(name, text, lineCounter);
  documents.forEach((doc, index) => {
    const where: DocumentLocation = { file: name, document: index + 1 };
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = lineCounter.linePos(error.pos[0]);
      throw new DocumentError(`${name}:${at.line}:${at.col}: invalid YAML (document ${index + 1}): ${error.message}`);
    }
    expandYaml(doc.contents, doc, { ...where, line: lineOf(doc.contents, lineCounter) }, sink, lineCounter);
  });
}

function expandYaml(node: Node | null, doc: Document, where: DocumentLocation, sink: EntrySink, lc: LineCounter): void {
  // A document with nothing but comments (fixture headers, a trailing `---`) holds no object.
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (isSeq(node) && where.item === undefined) {
    node.items.forEach((item, index) => {
      const child = asNode(item, doc);
      expandYaml(child, doc, { ...where, item: index + 1, line: lineOf(child, lc) }, sink, lc);
    });
    return;
  }
  if (!isMap(node)) throw new DocumentError(`${describeLocation(where)}: ${describeNonObject(node.toJS(doc))}, not a Kubernetes object`);
  const kind: unknown = node.get('kind');
  // Recognised on the kind alone: nothing else of a Secret is converted or kept.
  if (kind === 'Secret') {
    sink.add({ type: 'secret', where });
    return;
  }
  const items: unknown = node.get('items', true);
  if (isListKind(kind, isSeq(items))) {
    if (!isSeq(items)) return;
    items.items.forEach((item, index) => {
      const child = asNode(item, doc);
      expandYaml(child, doc, { ...where, item: index + 1, line: lineOf(child, lc) }, sink, lc);
    });
    return;
  }
  sink.add({ type: 'object', object: toJsonObject(node, doc, where), where });
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
  if (!isJsonObject(value)) throw new DocumentError(`${describeLocation(where)}: not a Kubernetes object`);
  // Aliases expand inside toJS: a node within the limit can still become a deeper value.
  if (valueTooDeep(value)) throw new DocumentError(tooDeepMessage(`${describeLocation(where)} (with its aliases expanded)`));
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
