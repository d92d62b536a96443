// Builds one snapshot out of the objects parsed from several files: validates each object
// at this edge, normalizes it, and says (once per file and kind) what was skipped, defaulted
// or repeated. Pure: the caller does the reading.

import { z } from 'zod';
import {
  InvalidObjectError,
  keptKindOf,
  kindLabel,
  lacksNamespace,
  normalizeObject,
  objectKey,
} from '../../core/kube/normalize';
import {
  CLUSTER_KINDS,
  type CollectError,
  type CollectResult,
  type JsonObject,
  type StoredObject,
} from '../../core/snapshot/types';
import { describeLocation, type DocumentLocation, type ParsedEntry } from './read-documents';

const nonEmpty = z.string().min(1);
/** What every document must carry for us to know what it is (`kubectl apply` requires the same). */
const headerSchema = z.object({ apiVersion: nonEmpty, kind: nonEmpty });
/** What an object we keep must carry to be stored under a name. */
const namedSchema = z.object({ metadata: z.object({ name: nonEmpty, namespace: z.string().nullish() }) });
const apiResourceListSchema = z.object({ groupVersion: nonEmpty });

/** How many repeated objects are named one by one before the rest are only counted. */
const MAX_DUPLICATE_WARNINGS = 20;
/** How many defaulted objects a warning names. */
const MAX_NAMED_OBJECTS = 10;

interface Placed {
  object: StoredObject;
  where: DocumentLocation;
}

export class SnapshotAssembler {
  private readonly placed = new Map<string, Placed>();
  private readonly warnings: string[] = [];
  private documentCount = 0;
  private duplicateCount = 0;

  /** @param defaultNamespace namespace for namespaced objects without one (like `kubectl apply -n`). */
  constructor(private readonly defaultNamespace?: string) {}

  /** Adds one file's objects; returns the error for the first malformed one. */
  addFile(file: string, entries: readonly ParsedEntry[]): CollectError | null {
    const skipped = new Map<string, number>();
    const defaulted: string[] = [];
    for (const entry of entries) {
      this.documentCount += 1;
      if (entry.type === 'secret') {
        skipped.set('Secret', (skipped.get('Secret') ?? 0) + 1);
        continue;
      }
      const problem = validate(entry.object);
      if (problem !== null) return { code: 'bad-input', message: `${describeLocation(entry.where)}: ${problem}` };
      let object: StoredObject | null;
      try {
        object = normalizeObject(entry.object, this.defaultNamespace ?? 'default');
      } catch (error) {
        if (!(error instanceof InvalidObjectError)) throw error;
        return { code: 'bad-input', message: `${describeLocation(entry.where)}: ${error.message}` };
      }
      if (object === null) {
        const label = kindLabel(entry.object);
        skipped.set(label, (skipped.get(label) ?? 0) + 1);
        continue;
      }
      if (this.defaultNamespace === undefined && lacksNamespace(entry.object)) defaulted.push(`${object.kind} ${object.name}`);
      this.place(object, entry.where);
    }
    this.warnSkipped(file, skipped);
    this.warnDefaulted(file, defaulted);
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

/** Why this document cannot be read as a Kubernetes object, or null. */
function validate(raw: JsonObject): string | null {
  const header = headerSchema.safeParse(raw);
  if (!header.success) return `${describeIssue(header.error)}; every object needs a kind and an apiVersion`;
  const kind = keptKindOf(raw);
  // Objects we skip need no name: a kustomization.yaml or a CRD instance in a dump is no error.
  if (kind === null) return null;
  const named = kind === 'APIResourceList' ? apiResourceListSchema.safeParse(raw) : namedSchema.safeParse(raw);
  return named.success ? null : `${raw.kind as string}: ${describeIssue(named.error)}`;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid object';
  return `field ${issue.path.map(String).join('.')}: ${issue.message}`;
}

function describeObject(object: StoredObject): string {
  return object.namespace === '' ? `${object.kind} ${object.name}` : `${object.kind} ${object.namespace}/${object.name}`;
}
