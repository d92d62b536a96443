import 'server-only';
// File import of `aws iam get-account-authorization-details` output, as the CLI writes it (all
// pages merged) or as raw pages (`--no-paginate`, IsTruncated/Marker), several files merged in the
// order given. The account id comes from the ARNs (or the accountId option). Errors name the file
// and the position in it; files over the size limit are refused like every file import.

import type { CollectResult } from '../../core/snapshot/types';
import { decodeText } from '../files/input-text';
import { listInputs, readInput, type InputText, type ReadInputOptions } from '../files/read-input';
import { jsonSyntaxError, jsonTooDeepError } from '../files/read-json';
import { describeIssue } from '../ram/zod-issue';
import { authorizationDetailsSchema, DETAIL_LISTS, type AuthorizationDetails } from './authorization-details';
import { accountOfArn, AwsDocumentError, buildAwsObjects } from './build-aws-objects';

export interface CollectFromAwsOptions extends ReadInputOptions {
  /** The 12-digit account id, when the input holds no ARN to read it from. */
  accountId?: string;
}

type Failure = { ok: false; error: { code: 'bad-input'; message: string } };

export async function collectFromAwsAuthorizationDetails(
  paths: readonly string[],
  opts: CollectFromAwsOptions = {},
): Promise<CollectResult> {
  const refs = await listInputs(paths);
  if (!refs.ok) return refs;
  const pages: { name: string; details: AuthorizationDetails }[] = [];
  for (const ref of refs.value) {
    const input = await readInput(ref, opts);
    if (!input.ok) return input;
    const parsed = parsePage(input.value);
    if (!parsed.ok) return parsed;
    pages.push({ name: input.value.name, details: parsed.details });
  }
  const last = pages[pages.length - 1];
  if (last === undefined) return badInput(`no JSON files in ${paths.join(', ')}`);
  if (last.details.IsTruncated === true) {
    return badInput(
      `${last.name}: IsTruncated is true (Marker ${last.details.Marker ?? '?'}): the following pages are missing; give every page, in order`,
    );
  }
  const warnings: string[] = [];
  const merged = mergePages(pages, warnings);
  const account = accountIdOf(merged, pages.map((p) => p.name).join(', '), opts.accountId);
  if (!account.ok) return account;
  try {
    const built = buildAwsObjects(merged, account.accountId);
    return {
      ok: true,
      snapshot: {
        objects: built.objects,
        missingKinds: [],
        warnings: [...warnings, ...built.warnings],
        origin: pages.map((p) => p.name).join(', '),
      },
    };
  } catch (error) {
    if (error instanceof AwsDocumentError) return badInput(`${pages.map((p) => p.name).join(', ')}: ${error.message}`);
    throw error;
  }
}

function parsePage(input: InputText): { ok: true; details: AuthorizationDetails } | Failure {
  let value: unknown;
  try {
    value = JSON.parse(decodeText(input));
  } catch {
    return badInput(jsonSyntaxError(input).message);
  }
  // Before zod, which recurses once per level.
  const tooDeep = jsonTooDeepError(input, value);
  if (tooDeep) return badInput(tooDeep.message);
  const what = `${input.name}: not get-account-authorization-details output`;
  if (typeof value !== 'object' || value === null || !DETAIL_LISTS.some((list) => list in value)) {
    return badInput(`${what}: none of ${DETAIL_LISTS.join(', ')} at the top level`);
  }
  const parsed = authorizationDetailsSchema.safeParse(value);
  if (!parsed.success) return badInput(`${what}: ${describeIssue(parsed.error.issues[0])}`);
  return { ok: true, details: parsed.data };
}

/** Pages concatenated; an entity repeated across pages keeps its last copy, with a warning. */
function mergePages(pages: { name: string; details: AuthorizationDetails }[], warnings: string[]): AuthorizationDetails {
  const lists = {
    UserDetailList: new Map<string, AuthorizationDetails['UserDetailList'][number]>(),
    GroupDetailList: new Map<string, AuthorizationDetails['GroupDetailList'][number]>(),
    RoleDetailList: new Map<string, AuthorizationDetails['RoleDetailList'][number]>(),
    Policies: new Map<string, AuthorizationDetails['Policies'][number]>(),
  };
  const put = <T>(map: Map<string, T>, key: string, item: T, what: string, file: string) => {
    if (map.has(key)) warnings.push(`${file}: ${what} appears again; the last copy is kept`);
    map.set(key, item);
  };
  for (const { name, details } of pages) {
    details.UserDetailList.forEach((u) => put(lists.UserDetailList, u.UserName, u, `user ${u.UserName}`, name));
    details.GroupDetailList.forEach((g) => put(lists.GroupDetailList, g.GroupName, g, `group ${g.GroupName}`, name));
    details.RoleDetailList.forEach((r) => put(lists.RoleDetailList, r.RoleName, r, `role ${r.RoleName}`, name));
    details.Policies.forEach((p) => put(lists.Policies, p.Arn, p, `policy ${p.Arn}`, name));
  }
  return {
    UserDetailList: [...lists.UserDetailList.values()],
    GroupDetailList: [...lists.GroupDetailList.values()],
    RoleDetailList: [...lists.RoleDetailList.values()],
    Policies: [...lists.Policies.values()],
  };
}

function accountIdOf(details: AuthorizationDetails, files: string, given: string | undefined): { ok: true; accountId: string } | Failure {
  const arns = [
    ...details.UserDetailList.map((u) => u.Arn),
    ...details.GroupDetailList.map((g) => g.Arn ?? ''),
    ...details.RoleDetailList.map((r) => r.Arn),
    ...details.Policies.map((p) => p.Arn),
  ];
  const accounts = new Set(arns.flatMap((arn) => accountOfArn(arn) ?? []));
  if (given !== undefined) {
    const other = [...accounts].find((account) => account !== given);
    if (other !== undefined) return badInput(`${files}: ARNs name account ${other}, not the given account ${given}`);
    return { ok: true, accountId: given };
  }
  if (accounts.size > 1)
    return badInput(`${files}: ARNs name several accounts (${[...accounts].sort().join(', ')}); one snapshot holds one account`);
  const [only] = accounts;
  if (only === undefined) return badInput(`${files}: no ARN names the account; pass the account id`);
  return { ok: true, accountId: only };
}

function badInput(message: string): Failure {
  return { ok: false, error: { code: 'bad-input', message } };
}
