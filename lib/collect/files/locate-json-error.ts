// Where a JSON text stops being valid JSON. V8's JSON.parse messages give an offset for
// some errors and a quoted slice of the input (possibly a Secret's data) for others, so on
// failure we rescan the text with a small validating scanner and report our own position.
// Runs only after JSON.parse failed; speed does not matter here.

export interface JsonErrorLocation {
  /** 1-based line and column of the first offending character (end of text: one past it). */
  line: number;
  col: number;
  reason: string;
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

export function locateJsonError(text: string): JsonErrorLocation {
  let offset = text.length;
  let reason = 'invalid JSON';
  try {
    new Scanner(text).scanDocument();
  } catch (error) {
    if (error instanceof ScanError) {
      offset = error.offset;
      reason = error.message;
    } else if (error instanceof RangeError) {
      reason = 'nested too deeply';
    } else {
      throw error;
    }
  }
  return { ...lineCol(text, offset), reason };
}

export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.skipWhitespace();
    this.scanValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.error('unexpected text after the JSON value');
  }

  private scanValue(): void {
    const ch = this.text[this.pos];
    if (ch === '{') this.scanObject();
    else if (ch === '[') this.scanArray();
    else if (ch === '"') this.scanString();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.scanNumber();
    else if (!this.scanLiteral())
      throw this.error(ch === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(ch)}`);
  }

  private scanObject(): void {
    this.pos += 1;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') throw this.error('expected a double-quoted property name');
      this.scanString();
      this.skipWhitespace();
      this.expect(':', "expected ':' after a property name");
      this.skipWhitespace();
      this.scanValue();
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        this.pos += 1;
        return;
      }
      this.expect(',', "expected ',' or '}' after a property value");
      this.skipWhitespace();
    }
  }

  private scanArray(): void {
    this.pos += 1;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.scanValue();
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        this.pos += 1;
        return;
      }
      this.expect(',', "expected ',' or ']' after an array element");
      this.skipWhitespace();
    }
  }

  private scanString(): void {
    this.pos += 1;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw this.error('unterminated string');
      if (ch === '"') {
        this.pos += 1;
        return;
      }
      if (ch < ' ') throw this.error('control character in a string (escape it)');
      if (ch === '\\') this.scanEscape();
      else this.pos += 1;
    }
  }

  private scanEscape(): void {
    const next = this.text[this.pos + 1];
    if (next === 'u') {
      HEX4.lastIndex = this.pos + 2;
      if (!HEX4.test(this.text)) throw this.error('bad \\u escape');
      this.pos += 6;
    } else if (next !== undefined && ESCAPES.has(next)) {
      this.pos += 2;
    } else {
      throw this.error('bad escape in a string');
    }
  }

  private scanNumber(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) throw this.error('bad number');
    this.pos += match[0].length;
  }

  private scanLiteral(): boolean {
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return true;
      }
    }
    return false;
  }

  private expect(ch: string, reason: string): void {
    if (this.text[this.pos] !== ch) throw this.error(reason);
    this.pos += 1;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private error(reason: string): ScanError {
    return new ScanError(this.pos, reason);
  }
}
