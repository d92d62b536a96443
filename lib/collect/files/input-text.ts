// One input as read: its name, its bytes and what its name says it holds. Kept as UTF-8 bytes,
// not as one string: a large JSON List is split and parsed item by item straight from the bytes
// (read-json.ts), so it never exists as one string. Pure: no I/O, so no 'server-only'.

export interface InputText {
  /** The path as given (or found under a given directory), or `<stdin>`. */
  name: string;
  /** UTF-8, without a byte-order mark. */
  bytes: Buffer;
  /** 'json' for a .json file, 'yaml' for .yaml/.yml, 'sniff' when the content decides (stdin, other names). */
  format: 'json' | 'yaml' | 'sniff';
}

/** U+FEFF in UTF-8. Editors on Windows write it; neither JSON.parse nor users expect it to matter. */
const BOM = [0xef, 0xbb, 0xbf] as const;

export function inputFromBytes(name: string, bytes: Buffer, format: InputText['format']): InputText {
  const hasBom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  return { name, bytes: hasBom ? bytes.subarray(BOM.length) : bytes, format };
}

/** The whole text, for the YAML parser and for whole-text JSON. */
export function decodeText(input: InputText): string {
  return input.bytes.toString('utf8');
}
