// The one rule for source names, checked at every entry (CLI flags, the sources API, the
// scheduler) and at the store's chokepoint (lib/store/sources.ts ensureSource). A name ends up
// in URLs (/sources/<name>) and as a folder under the data directory (<data dir>/uploads/<name>),
// so it is kept to an RFC 1123 label, the rule Kubernetes applies to namespace names
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names):
// no "/", no ".", no "..", nothing a path or a URL reads as structure. Pure.

export const SOURCE_NAME_MAX_LENGTH = 63;

const SOURCE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const SOURCE_NAME_RULE = `a source name is 1-${SOURCE_NAME_MAX_LENGTH} lowercase letters, digits or "-", starting and ending with a letter or digit`;

export function isSourceName(name: string): boolean {
  return SOURCE_NAME.test(name);
}

/** Long enough to recognise the input, short enough that an error never carries a whole upload. */
const SHOWN_CHARACTERS = 80;

/** The name as an error shows it: quoted, control characters escaped, cut when very long. */
export function quoteSourceName(name: string): string {
  return name.length > SHOWN_CHARACTERS ? `${JSON.stringify(name.slice(0, SHOWN_CHARACTERS))}...` : JSON.stringify(name);
}

/**
 * Null for a valid name, else the error naming the input:
 * `--source "../../victim": a source name is 1-63 lowercase letters, ...`.
 * `label` says where the name came from (`--source`, `name`, `source`).
 */
export function sourceNameError(name: string, label: string): string | null {
  return isSourceName(name) ? null : `${label} ${quoteSourceName(name)}: ${SOURCE_NAME_RULE}`;
}
