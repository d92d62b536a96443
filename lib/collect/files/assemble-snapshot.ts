// Builds one snapshot out of several files' normalized objects (file-intake.ts validates and
// normalizes them as they are read) and says, once per file and kind, what was skipped,
// defaulted or repeated. Pure: the caller does the reading.

import { objectKey } from '../../core/kube/normalize';
import { CLUSTER_KINDS, type CollectError, type CollectResult, type StoredObject } from '../../core/snapshot/types';
import { describeLocation, type DocumentLocation } from './document-entry';
import { FileIntake, type Placed } from './file-intake';

/** How many repeated objects are named one by one before the rest are only counted. */
const MAX_DUPLICATE_WARNINGS = 20;
/** How many defaulted objects a warning names. */
const MAX_NAMED_OBJECTS = 10;

export class SnapshotAssembler {
  private readonly placed = new Map<string, Placed>();
  private readonly warnings: string[] = [];
  private documentCount = 0;
  private duplicateCount = 0;

  /** @param defaultNamespace namespace for namespaced objects without one (like `kubectl apply -n`). */
  constructor(private readonly defaultNamespace?: string) {}

  /** Where one file's documents go as they are read; hand it to addFile once the file was read. */
  startFile(file: string): FileIntake {
    return new FileIntake(file, this.defaultNamespace);
  }

  /** Adds a completely read file's objects; returns the error for its first malformed one. */
  addFile(intake: FileIntake): CollectError | null {
    if (intake.error !== null) return intake.error;
    this.documentCount += intake.documentCount;
    for (const { object, where } of intake.objects) this.place(object, where);
    this.warnSkipped(intake.file, intake.skipped);
    this.warnDefaulted(intake.file, intake.defaulted);
    return null;
  }

  /** The snapshot, or an error when the inputs held nothing we keep. File imports are complete: no missing kinds. */
  finish(origin: string): CollectResult {
    if (this.documentCount === 0) {
      return { ok: false, error: { code: 'bad-input', message: `no Kubernetes objects found in ${origin}` } };
    }
    if (this.placed.size === 0) {
      const message =
        `none of the ${this.documentCount} objects in ${origin} is of a kind Access Atlas reads ` +
        `(${CLUSTER_KINDS.join(', ')}); ${this.warnings.join('; ')}`;
      return { ok: false, error: { code: 'bad-input', message } };
    }
    if (this.duplicateCount > MAX_DUPLICATE_WARNINGS) {
      this.warnings.push(`${this.duplicateCount - MAX_DUPLICATE_WARNINGS} more objects were repeated; each time the last one is kept`);
    }
    const objects = [...this.placed.values()].map((entry) => entry.object);
    return { ok: true, snapshot: { objects, missingKinds: [], warnings: [...this.warnings], origin } };
  }

  private place(object: StoredObject, where: DocumentLocation): void {
    const key = objectKey(object);
    const earlier = this.placed.get(key);
    if (earlier !== undefined) {
      this.duplicateCount += 1;
      if (this.duplicateCount <= MAX_DUPLICATE_WARNINGS) {
        this.warnings.push(
          `${describeObject(object)} is defined at ${describeLocation(earlier.where)} and again at ` +
            `${describeLocation(where)}; the last one is kept`,
        );
      }
      // Re-inserting keeps the map in the order of the objects that won.
      this.placed.delete(key);
    }
    this.placed.set(key, { object, where });
  }

  private warnSkipped(file: string, skipped: ReadonlyMap<string, number>): void {
    for (const [label, count] of skipped) {
      const objects = count === 1 ? 'object' : 'objects';
      this.warnings.push(
        label === 'Secret'
          ? `${file}: skipped ${count} Secret ${objects} without reading them (Secrets are never stored)`
          : `${file}: skipped ${count} ${label} ${objects}: not a kind Access Atlas reads`,
      );
    }
  }

  private warnDefaulted(file: string, defaulted: readonly string[]): void {
    if (defaulted.length === 0) return;
    const named = defaulted.slice(0, MAX_NAMED_OBJECTS).join(', ');
    const more = defaulted.length > MAX_NAMED_OBJECTS ? ` and ${defaulted.length - MAX_NAMED_OBJECTS} more` : '';
    this.warnings.push(
      `${file}: ${defaulted.length} namespaced object(s) have no metadata.namespace and were placed in ` +
        `namespace "default", as \`kubectl apply\` without -n would: ${named}${more}. If they belong ` +
        `elsewhere, import them with that default namespace (like \`kubectl apply -n\`).`,
    );
  }
}

function describeObject(object: StoredObject): string {
  return object.namespace === '' ? `${object.kind} ${object.name}` : `${object.kind} ${object.namespace}/${object.name}`;
}
