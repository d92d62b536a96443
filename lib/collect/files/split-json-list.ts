// Finds, in one pass over a JSON text's bytes and without building any value, where each
// top-level member and each element of a top-level array starts and ends. With these spans
// read-json.ts parses a `kind: List` one item at a time, so a 250 MiB `kubectl get pods -o json`
// never exists as one parsed tree (nor as one string).
//
// Only the punctuation between those values is checked here; each value is checked later by
// JSON.parse of its own slice. Works on UTF-8 bytes: every byte of a multi-byte sequence is
// >= 0x80, so the ASCII punctuation JSON is built from never occurs inside one. The scan also
// notices a container nested deeper than the limit (nesting-depth.ts), so that read-json.ts can
// send such a text to the whole-text path, which checks and names it. Pure.

import { MAX_NESTING_DEPTH } from './nesting-depth';

/** A value's place in the text: [start, end) byte offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface JsonMember {
  /** The key as written, quotes and escapes included: JSON.parse it for the name. */
  key: Span;
  value: Span;
  /** When the value is an array: its elements' [start, end) offsets, flattened in pairs. */
  elements: number[] | null;
}

export type JsonLayout =
  | { type: 'object'; members: JsonMember[] }
  | { type: 'array'; elements: number[] }
  /** The text ends inside a value (string, object or array): it cannot be JSON. */
  | { type: 'truncated' }
  /** A scalar, or punctuation out of place: left to a whole-text JSON.parse and its error. */
  | { type: 'other' }
  /** A container opens deeper than the nesting limit at this byte offset (the text may still be no JSON). */
  | { type: 'too-deep'; offset: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The four whitespace characters of RFC 8259 section 2 (not JavaScript's \s). */
function isJsonWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where a number or literal ends; anything else in it makes JSON.parse of its slice fail. */
function endsScalar(byte: number | undefined): boolean {
  return byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE || isJsonWhitespace(byte);
}

class Truncated extends Error {}
class OutOfPlace extends Error {}
class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('nested too deep');
  }
}

export function splitJsonList(bytes: Uint8Array, maxDepth = MAX_NESTING_DEPTH): JsonLayout {
  try {
    return new Splitter(bytes, maxDepth).layout();
  } catch (error) {
    if (error instanceof Truncated) return { type: 'truncated' };
    if (error instanceof OutOfPlace) return { type: 'other' };
    if (error instanceof TooDeep) return { type: 'too-deep', offset: error.offset };
    throw error;
  }
}

/** Depths count containers from the top-level value as 1 (nesting-depth.ts). */
class Splitter {
  private pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  layout(): JsonLayout {
    this.skipWhitespace();
    const first = this.bytes[this.pos];
    let layout: JsonLayout;
    if (first === OPEN_BRACE) layout = { type: 'object', members: this.members() };
    else if (first === OPEN_BRACKET) layout = { type: 'array', elements: this.elements(1) };
    else return { type: 'other' };
    this.skipWhitespace();
    return this.pos === this.bytes.length ? layout : { type: 'other' };
  }

  private members(): JsonMember[] {
    const members: JsonMember[] = [];
    this.pos += 1;
    this.skipWhitespace();
    if (this.current() === CLOSE_BRACE) {
      this.pos += 1;
      return members;
    }
    do {
      if (this.current() !== QUOTE) throw new OutOfPlace();
      const keyStart = this.pos;
      this.skipString();
      const key = { start: keyStart, end: this.pos };
      this.skipWhitespace();
      if (this.current() !== COLON) throw new OutOfPlace();
      this.pos += 1;
      this.skipWhitespace();
      const start = this.pos;
      const elements = this.current() === OPEN_BRACKET ? this.elements(2) : null;
      if (elements === null) this.skipValue(2);
      members.push({ key, value: { start, end: this.pos }, elements });
      this.skipWhitespace();
    } while (!this.closes(CLOSE_BRACE));
    return members;
  }

  /** The elements of the array at pos, itself at `depth`. */
  private elements(depth: number): number[] {
    if (depth > this.maxDepth) throw new TooDeep(this.pos);
    const spans: number[] = [];
    this.pos += 1;
    this.skipWhitespace();
    if (this.current() === CLOSE_BRACKET) {
      this.pos += 1;
      return spans;
    }
    do {
      const start = this.pos;
      this.skipValue(depth + 1);
      spans.push(start, this.pos);
      this.skipWhitespace();
    } while (!this.closes(CLOSE_BRACKET));
    return spans;
  }

  /** After a member or element: true past the closing bracket, false past a comma. */
  private closes(close: number): boolean {
    const byte = this.current();
    this.pos += 1;
    if (byte === close) return true;
    if (byte !== COMMA) throw new OutOfPlace();
    this.skipWhitespace();
    return false;
  }

  /** The value at pos; `depth` is the one it has if it is a container. */
  private skipValue(depth: number): void {
    const first = this.current();
    if (first === QUOTE) this.skipString();
    else if (first === OPEN_BRACE || first === OPEN_BRACKET) this.skipContainer(depth);
    else this.skipScalar();
  }

  private skipScalar(): void {
    const start = this.pos;
    while (this.pos < this.bytes.length && !endsScalar(this.bytes[this.pos])) this.pos += 1;
    // A comma or a closing bracket where a value belongs.
    if (this.pos === start) throw new OutOfPlace();
  }

  private skipString(): void {
    const { bytes } = this;
    for (let pos = this.pos + 1; pos < bytes.length; pos += 1) {
      const byte = bytes[pos];
      if (byte === BACKSLASH) pos += 1;
      else if (byte === QUOTE) {
        this.pos = pos + 1;
        return;
      }
    }
    throw new Truncated();
  }

  /** Up to the bracket that closes the one at pos (at `depth`); brackets inside strings do not count. */
  private skipContainer(depth: number): void {
    const { bytes } = this;
    // Levels opened so far inside this container, itself included: it may go `allowed` deep.
    const allowed = this.maxDepth - depth + 1;
    let level = 0;
    let inString = false;
    for (let pos = this.pos; pos < bytes.length; pos += 1) {
      const byte = bytes[pos];
      if (inString) {
        if (byte === BACKSLASH) pos += 1;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        level += 1;
        if (level > allowed) throw new TooDeep(pos);
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        level -= 1;
        if (level === 0) {
          this.pos = pos + 1;
          return;
        }
      }
    }
    throw new Truncated();
  }

  private current(): number {
    const byte = this.bytes[this.pos];
    if (byte === undefined) throw new Truncated();
    return byte;
  }

  private skipWhitespace(): void {
    while (isJsonWhitespace(this.bytes[this.pos])) this.pos += 1;
  }
}
