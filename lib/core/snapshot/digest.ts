// A snapshot's identity by content: two snapshots that hold the same objects with the same
// content have the same digest, however and whenever they were collected.
import { createHash } from 'node:crypto';

export interface DigestEntry {
  kind: string;
  namespace: string;
  name: string;
  hash: string;
}

/**
 * SHA-256 (hex) over one line `kind\tnamespace\tname\thash\n` per object, lines sorted, so the
 * order objects were collected in does not matter. Kubernetes names cannot contain tabs or
 * newlines (RFC 1123 labels and path segments), so the lines cannot run into each other.
 */
export function snapshotDigest(objects: readonly DigestEntry[]): string {
  const lines = objects.map((o) => `${o.kind}\t${o.namespace}\t${o.name}\t${o.hash}\n`);
  lines.sort();
  const sha = createHash('sha256');
  for (const line of lines) sha.update(line, 'utf8');
  return sha.digest('hex');
}
