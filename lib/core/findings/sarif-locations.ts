// Where each Kubernetes object of a manifest text starts, so a SARIF result can point at the
// file and line a reviewer fixes (GitHub code scanning shows a result on that line). Reads what
// `kubectl get -o yaml|json` prints and plain manifests: multi-document YAML, `kind: List` (and
// typed `*List`) items, a top-level JSON array, a JSON object. Pure: the caller reads the file.
// The collector (lib/collect/files/read-documents.ts) has already accepted the text; a text this
// cannot read gives no locations, never an error, and results then fall back to a logical location.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

export interface ManifestObjectLine {
  kind: string;
  /** '' when the object names none (namespaced objects then go to `default`, as `kubectl apply` does). */
  namespace: string;
  name: string;
  /** 1-based line where the object starts. */
  line: number;
}

/** Deeper than any Kubernetes object's kind/metadata; the collector refuses deeper input anyway. */
const MAX_DEPTH = 200;

/** `kind: List` is what `kubectl get` prints for several objects; typed lists (RoleList, ...) come from the API. */
function isListKind(kind: unknown, hasItems: boolean): boolean {
  if (kind === 'List') return true;
  return typeof kind === 'string' && kind.endsWith('List') && kind !== 'APIResourceList' && hasItems;
}

export function locateManifestObjects(text: string): ManifestObjectLine[] {
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') {
    const json = locateJson(text);
    if (json !== null) return json;
  }
  return locateYaml(text);
}

// ---- YAML: the yaml package's documents, with their nodes' offsets ----

function locateYaml(text: string): ManifestObjectLine[] {
  const lineCounter = new LineCounter();
  const out: ManifestObjectLine[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false });
  } catch {
    return [];
  }
  const docs = Array.isArray(documents) ? documents : [documents];
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    walkYaml(doc.contents, true, lineCounter, out);
  }
  return out;
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function walkYaml(node: Node | null, topLevel: boolean, lc: LineCounter, out: ManifestObjectLine[]): void {
  if (isSeq(node) && topLevel) {
    for (const item of node.items) walkYaml(item as Node | null, false, lc, out);
    return;
  }
  if (!isMap(node)) return;
  const kind = scalarString(node.get('kind', true));
  const items = node.get('items', true);
  if (isListKind(kind, isSeq(items))) {
    if (isSeq(items)) for (const item of items.items) walkYaml(item as Node | null, false, lc, out);
    return;
  }
  const metadata = node.get('metadata', true);
  const name = isMap(metadata) ? scalarString(metadata.get('name', true)) : undefined;
  const start = node.range?.[0];
  if (kind === undefined || name === undefined || start === undefined) return;
  const namespace = (isMap(metadata) ? scalarString(metadata.get('namespace', true)) : undefined) ?? '';
  out.push({ kind, namespace, name, line: lc.linePos(start).line });
}

// ---- JSON: a small scanner that keeps each object's start offset ----

type JsonNode =
  | { type: 'object'; start: number; entries: Map<string, JsonNode> }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'string'; value: string }
  | { type: 'other' };

class JsonScanError extends Error {}

class JsonScanner {
  pos = 0;
  constructor(private readonly text: string) {}

  parse(): JsonNode {
    const value = this.value(0);
    this.space();
    if (this.pos !== this.text.length) throw new JsonScanError('trailing text');
    return value;
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos++;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonScanError('too deep');
    this.space();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { type: 'string', value: this.string() };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!literal) throw new JsonScanError('unexpected character');
    this.pos += literal[0].length;
    return { type: 'other' };
  }

  private object(depth: number): JsonNode {
    const start = this.pos++;
    const entries = new Map<string, JsonNode>();
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', start, entries };
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') throw new JsonScanError('expected a key');
      const key = this.string();
      this.space();
      if (this.text[this.pos++] !== ':') throw new JsonScanError('expected :');
      entries.set(key, this.value(depth + 1));
      this.space();
      const next = this.text[this.pos++];
      if (next === '}') return { type: 'object', start, entries };
      if (next !== ',') throw new JsonScanError('expected , or }');
    }
  }

  private array(depth: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.pos++];
      if (next === ']') return { type: 'array', items };
      if (next !== ',') throw new JsonScanError('expected , or ]');
    }
  }

  private string(): string {
    const start = this.pos;
    let escaped = false;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') {
        escaped = true;
        this.pos += 2;
      } else if (c === '"') {
        this.pos++;
        // Only a string with escapes needs JSON.parse; names and kinds rarely have any.
        return escaped ? (JSON.parse(this.text.slice(start, this.pos)) as string) : this.text.slice(start + 1, this.pos - 1);
      } else this.pos++;
    }
    throw new JsonScanError('unterminated string');
  }
}

/** Line starts, for offset → line by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function locateJson(text: string): ManifestObjectLine[] | null {
  let root: JsonNode;
  try {
    root = new JsonScanner(text).parse();
  } catch (error) {
    if (error instanceof JsonScanError || error instanceof SyntaxError) return null;
    throw error;
  }
  const starts = lineStarts(text);
  const out: ManifestObjectLine[] = [];
  const stringOf = (node: JsonNode | undefined) => (node?.type === 'string' ? node.value : undefined);
  const walk = (node: JsonNode, topLevel: boolean): void => {
    if (node.type === 'array' && topLevel) {
      for (const item of node.items) walk(item, false);
      return;
    }
    if (node.type !== 'object') return;
    const kind = stringOf(node.entries.get('kind'));
    const items = node.entries.get('items');
    if (isListKind(kind, items?.type === 'array')) {
      if (items?.type === 'array') for (const item of items.items) walk(item, false);
      return;
    }
    const metadata = node.entries.get('metadata');
    const fields = metadata?.type === 'object' ? metadata.entries : undefined;
    const name = stringOf(fields?.get('name'));
    if (kind === undefined || name === undefined) return;
    out.push({ kind, namespace: stringOf(fields?.get('namespace')) ?? '', name, line: lineAt(starts, node.start) });
  };
  walk(root, true);
  return out;
}
