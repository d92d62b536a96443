// One file's documents on their way into a snapshot. Each is validated at this edge and
// normalized as soon as it is read, so of a large List only the StoredObjects stay in memory;
// nothing reaches the snapshot before the whole file was read, so a file that turns out not to
// be JSON can be read again as YAML. Pure.

import { z } from 'zod';
import { InvalidObjectError, keptKindOf, kindLabel, lacksNamespace, normalizeObject } from '../../core/kube/normalize';
import type { CollectError, JsonObject, StoredObject } from '../../core/snapshot/types';
import { describeLocation, type DocumentLocation, type EntrySink, type ParsedEntry } from './document-entry';

const nonEmpty = z.string().min(1);
/** What every document must carry for us to know what it is (`kubectl apply` requires the same). */
const headerSchema = z.object({ apiVersion: nonEmpty, kind: nonEmpty });
/** What an object we keep must carry to be stored under a name. */
const namedSchema = z.object({ metadata: z.object({ name: nonEmpty, namespace: z.string().nullish() }) });
const apiResourceListSchema = z.object({ groupVersion: nonEmpty });

export interface Placed {
  object: StoredObject;
  where: DocumentLocation;
}

export class FileIntake implements EntrySink {
  /** Normalized objects in the order read, repeats included (the assembler keeps the last). */
  readonly objects: Placed[] = [];
  /** Per kind label (or 'Secret'): how many documents were skipped. */
  readonly skipped = new Map<string, number>();
  /** `Kind name` of namespaced objects that carried no namespace. */
  readonly defaulted: string[] = [];
  private documents = 0;
  private firstError: CollectError | null = null;

  /** @param defaultNamespace namespace for namespaced objects without one (like `kubectl apply -n`). */
  constructor(
    readonly file: string,
    private readonly defaultNamespace?: string,
  ) {}

  get documentCount(): number {
    return this.documents;
  }

  /** The first malformed document's error; later documents are no longer looked at. */
  get error(): CollectError | null {
    return this.firstError;
  }

  add(entry: ParsedEntry): void {
    if (this.firstError !== null) return;
    this.documents += 1;
    if (entry.type === 'secret') {
      this.skip('Secret');
      return;
    }
    const problem = validate(entry.object);
    if (problem !== null) {
      this.firstError = { code: 'bad-input', message: `${describeLocation(entry.where)}: ${problem}` };
      return;
    }
    let object: StoredObject | null;
    try {
      object = normalizeObject(entry.object, this.defaultNamespace ?? 'default');
    } catch (error) {
      if (!(error instanceof InvalidObjectError)) throw error;
      this.firstError = { code: 'bad-input', message: `${describeLocation(entry.where)}: ${error.message}` };
      return;
    }
    if (object === null) {
      this.skip(kindLabel(entry.object));
      return;
    }
    if (this.defaultNamespace === undefined && lacksNamespace(entry.object)) this.defaulted.push(`${object.kind} ${object.name}`);
    this.objects.push({ object, where: entry.where });
  }

  discard(): void {
    this.objects.length = 0;
    this.skipped.clear();
    this.defaulted.length = 0;
    this.documents = 0;
    this.firstError = null;
  }

  private skip(label: string): void {
    this.skipped.set(label, (this.skipped.get(label) ?? 0) + 1);
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
