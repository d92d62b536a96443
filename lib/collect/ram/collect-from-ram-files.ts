import 'server-only';
// File import of a RAM account in the export layout (ram-export.ts; lib/collect/README.md), as
// scripts/export-ram-account.sh writes it. Several files (an export split in parts) are merged;
// they must name the same account. Errors name the file and the position in it.

import type { CollectResult } from '../../core/snapshot/types';
import { jsonSyntaxError, jsonTooDeepError } from '../files/read-json';
import { decodeText } from '../files/input-text';
import { listInputs, readInput, type InputText, type ReadInputOptions } from '../files/read-input';
import { buildRamObjects, PolicyDocumentError } from './build-ram-snapshot';
import { ramExportSchema, type RamExport } from './ram-export';
import { describeIssue } from './zod-issue';

export type CollectFromRamFilesOptions = ReadInputOptions;

export async function collectFromRamFiles(paths: readonly string[], opts: CollectFromRamFilesOptions = {}): Promise<CollectResult> {
  const refs = await listInputs(paths);
  if (!refs.ok) return refs;
  let merged: RamExport | null = null;
  const names: string[] = [];
  for (const ref of refs.value) {
    const input = await readInput(ref, opts);
    if (!input.ok) return input;
    const parsed = parseExport(input.value);
    if (!parsed.ok) return parsed;
    names.push(input.value.name);
    if (merged === null) {
      merged = parsed.value;
    } else if (merged.AccountId !== parsed.value.AccountId) {
      return badInput(
        `${input.value.name}: AccountId ${parsed.value.AccountId} differs from ${merged.AccountId} in ${names[0] ?? ''}; one snapshot holds one account`,
      );
    } else {
      merged = merge(merged, parsed.value);
    }
  }
  if (merged === null) return badInput(`no JSON files in ${paths.join(', ')}`);
  try {
    const built = buildRamObjects(merged);
    return { ok: true, snapshot: { objects: built.objects, missingKinds: [], warnings: built.warnings, origin: names.join(', ') } };
  } catch (error) {
    if (error instanceof PolicyDocumentError) return badInput(`${names.join(', ')}: ${error.message}`);
    throw error;
  }
}

type Parsed = { ok: true; value: RamExport } | { ok: false; error: { code: 'bad-input'; message: string } };

function parseExport(input: InputText): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(decodeText(input));
  } catch {
    return { ok: false, error: { code: 'bad-input', message: jsonSyntaxError(input).message } };
  }
  // Before zod, which recurses once per level.
  const tooDeep = jsonTooDeepError(input, value);
  if (tooDeep) return badInput(tooDeep.message);
  const parsed = ramExportSchema.safeParse(value);
  if (!parsed.success) {
    return badInput(`${input.name}: not a RAM account export (see lib/collect/README.md): ${describeIssue(parsed.error.issues[0])}`);
  }
  return { ok: true, value: parsed.data };
}

function merge(a: RamExport, b: RamExport): RamExport {
  return {
    ...a,
    AccountAlias: b.AccountAlias ?? a.AccountAlias,
    Users: [...a.Users, ...b.Users],
    Groups: [...a.Groups, ...b.Groups],
    Roles: [...a.Roles, ...b.Roles],
    Policies: [...a.Policies, ...b.Policies],
  };
}

function badInput(message: string): { ok: false; error: { code: 'bad-input'; message: string } } {
  return { ok: false, error: { code: 'bad-input', message } };
}
