// `access-atlas ram can-i --batch FILE|- SOURCE`: one request per JSON line,
// {"principal": "user/NAME"|"role/NAME", "action", "resource", "context": {KEY: VALUE or [VALUES]},
//  "resourceGroup"?: ID}, answered line by line with `ram can-i -o json`'s answer. SOURCE is loaded and
// its account built once; each line becomes the same RamCanIQuestion the flags build (ram-can-i.ts).
import { z } from 'zod';
import type { CloudAccount } from '../../lib/core/ram/account';
import type { ParsedArgs } from '../args';
import { UsageError } from '../args';
import { sourceSpec } from '../source-args';
import {
  answerJsonLines,
  checkBatchFile,
  contextFromObject,
  contextSchema,
  refuseSingleRequestArgs,
  requiredText,
  zodReason,
  type LineOutcome,
} from './ram-batch';
import { writeNotices } from '../format';
import type { CliIo } from '../io';
import { answerRamCanI, canIQuestion } from './ram-can-i';
import { loadCloudSource } from './ram-source';

const canILineSchema = z.strictObject({
  principal: requiredText('user/NAME or role/NAME'),
  action: requiredText('e.g. cs:DeleteCluster'),
  resource: requiredText('e.g. acs:cs:*:*:cluster/c1 or *'),
  context: contextSchema.optional(),
  resourceGroup: requiredText('a resource group id').optional(),
});

/**
 * An answer that cannot pass for a real one: a real answer always names its principal, this one has
 * `principal: null`; nothing is allowed, no statement or path is given, and `error` says why.
 */
export function canIErrorAnswer(error: string) {
  return { principal: null, decision: 'ImplicitDeny', conditional: false, statements: [], paths: [], unevaluated: [], error };
}

function answerCanILine(account: CloudAccount, value: unknown, unevaluatedSeen: Set<string>, io: CliIo): LineOutcome {
  const parsed = canILineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: zodReason(parsed.error) };
  const line = parsed.data;
  const context = contextFromObject(line.context);
  const question = canIQuestion({
    principal: line.principal,
    action: line.action,
    resource: line.resource,
    context,
    ...(line.resourceGroup !== undefined ? { resourceGroupId: line.resourceGroup } : {}),
  });
  if (!question.ok) return { ok: false, error: question.error };
  const result = answerRamCanI(account, question.value);
  if (!result.ok) return { ok: false, error: result.error };
  // Said once per policy for the whole batch, not once per line that meets it.
  const fresh = result.answer.unevaluated.filter((name) => !unevaluatedSeen.has(name));
  for (const name of fresh) unevaluatedSeen.add(name);
  if (fresh.length > 0) writeNotices(io, [`policies left out (their documents did not parse): ${fresh.join(', ')}`]);
  return { ok: true, answer: result.answer };
}

export async function runRamCanIBatch(args: ParsedArgs, file: string, io: CliIo): Promise<number> {
  refuseSingleRequestArgs(args, ['--principal', '--context', '--resource-group'], 'ACTION or RESOURCE');
  const spec = sourceSpec(args);
  if (file === '-' && spec.kind === 'files' && spec.paths.includes('-'))
    throw new UsageError('stdin cannot be both --batch - and --from -');
  await checkBatchFile(file, io);
  const source = await loadCloudSource(args, { withLinks: false }, io);
  writeNotices(io, source.notices);
  const unevaluatedSeen = new Set<string>();
  return answerJsonLines(
    { file, answer: (value) => answerCanILine(source.account, value, unevaluatedSeen, io), errorAnswer: canIErrorAnswer },
    io,
  );
}
