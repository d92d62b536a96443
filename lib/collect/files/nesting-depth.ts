// How deep the JSON and YAML we read may nest. JSON.parse and the yaml package's parser keep
// their own stacks, but what comes after them (the YAML composer, toJS, normalization, canonical
// JSON, zod) recurses once per level: a 200,000-deep `[[[...]]]` upload overflowed the stack
// and the server answered an empty 500 (issue 9, point 10). The limit is checked while reading,
// before any recursive step, and the refusal names the file, the place and the limit. Pure.

/**
 * Containers (objects, arrays, YAML maps and sequences) inside one another, counted from the
 * file's top-level value as 1. The deepest objects Access Atlas reads come nowhere near it: a Pod
 * in a `kind: List` is about 10 levels deep (List > items > Pod > spec > containers > env >
 * valueFrom > secretKeyRef), a RAM or IAM policy document inside an export about 8, and a CRD's
 * OpenAPI schema in a dump a few dozen. Go's encoding/json, which the API server uses, stops at
 * 10,000; 100 keeps every recursive step after parsing a few hundred frames deep.
 */
export const MAX_NESTING_DEPTH = 100;

/** The refusal's wording, shared by every reader: `<where>: nested deeper than 100 levels (...)`. */
export function tooDeepMessage(where: string): string {
  return `${where}: nested deeper than ${MAX_NESTING_DEPTH} levels, the limit for JSON and YAML input; no Kubernetes object or policy document nests that deep`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The byte offset of the first `{` or `[` that opens a container deeper than `max` in a JSON
 * text (brackets inside strings do not count), or -1. One pass, no recursion; on text that is
 * not JSON it still terminates, and JSON.parse then reports the syntax.
 */
export function jsonTooDeepAt(bytes: Uint8Array, max = MAX_NESTING_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let pos = 0; pos < bytes.length; pos += 1) {
    const byte = bytes[pos];
    if (inString) {
      if (byte === BACKSLASH) pos += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return pos;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return -1;
}

/** Whether a parsed value nests objects and arrays deeper than `max` (the value itself is level 1). Iterative. */
export function valueTooDeep(value: unknown, max = MAX_NESTING_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > max) return true;
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** 1-based line and column of a byte offset in UTF-8 text (the column counts characters). */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let pos = 0; pos < offset && pos < bytes.length; pos += 1) {
    if (bytes[pos] === 0x0a) {
      line += 1;
      lineStart = pos + 1;
    }
  }
  const col = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, Math.max(0, offset - lineStart)).toString('utf8').length + 1;
  return { line, col };
}
