// `access-atlas ram can-i ACTION RESOURCE --principal user/NAME|role/NAME SOURCE [--context KEY=VALUE]...
// [--resource-group ID] [-o json]`: a principal's decision with its statements and its path through
// groups. Exit 0 Allow, 1 ExplicitDeny or ImplicitDeny, 2 bad input. `ram can-i --batch FILE|- SOURCE`
// (ram-batch-can-i.ts) asks one request per JSON line through the same question and answer below.
import {
  cloudCanI,
  parseContextPairs,
  parsePrincipalRef,
  type CloudAccount,
  type CloudCanIResult,
  type CloudRequest,
  type PrincipalRef,
} from '../../lib/core/ram/account';
import type { InputResult } from '../../lib/core/ram/account';
import type { RequestContext } from '../../lib/core/ram/policy/types';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson, writeNotices } from '../format';
import type { CliIo } from '../io';
import { decisionLine, pathText, statementsTable } from './ram-format';
import { loadCloudSource, RAM_SOURCE_FLAGS } from './ram-source';

const FLAGS = {
  values: ['--principal', '--context', '--resource-group', '-o', '--batch', ...RAM_SOURCE_FLAGS],
  repeatable: ['--from', '--context'],
  aliases: { '--output': '-o' },
};

/** One principal's request, however it was asked (flags or a batch line). */
export interface RamCanIQuestion {
  principal: PrincipalRef;
  request: CloudRequest;
}

export interface RamCanIFields {
  principal: string;
  action: string;
  resource: string;
  /** The whole request context, empty when none is given (as for ram eval). */
  context: RequestContext;
  /** Empty or absent: no resource group, so resource-group-scoped attachments do not count. */
  resourceGroupId?: string;
}

export function canIQuestion(fields: RamCanIFields): InputResult<RamCanIQuestion> {
  const principal = parsePrincipalRef(fields.principal);
  if (!principal.ok) return principal;
  const { action, resource, context, resourceGroupId } = fields;
  return {
    ok: true,
    value: { principal: principal.value, request: { action, resource, context, ...(resourceGroupId ? { resourceGroupId } : {}) } },
  };
}

export function answerRamCanI(account: CloudAccount, question: RamCanIQuestion): CloudCanIResult {
  return cloudCanI(account, question.principal, question.request);
}

/** Whether --batch is among the flags; it changes how many positionals are not extra --from paths. */
function batchGiven(argv: readonly string[]): boolean {
  return argv.includes('--batch') || argv.some((a) => a.startsWith('--batch='));
}

export async function runRamCanI(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, batchGiven(argv) ? 0 : 2);
  const batch = single(args, '--batch');
  if (batch !== undefined) return (await import('./ram-batch-can-i')).runRamCanIBatch(args, batch, io);
  const [action, resource, ...extra] = args.positionals;
  if (action === undefined || resource === undefined || extra.length > 0) {
    throw new UsageError(
      'usage: access-atlas ram can-i ACTION RESOURCE --principal user/NAME|role/NAME SOURCE [--context KEY=VALUE]... [-o json]' +
        ' (or ram can-i --batch FILE|- SOURCE)',
    );
  }
  const principalText = single(args, '--principal');
  if (principalText === undefined) throw new UsageError('ram can-i needs --principal user/NAME or role/NAME');
  const context = parseContextPairs(args.values.get('--context') ?? []);
  if (!context.ok) throw new UsageError(context.error);
  const resourceGroupId = single(args, '--resource-group');
  // The given context is the whole request, empty when no --context is given (as for ram eval).
  const question = canIQuestion({
    principal: principalText,
    action,
    resource,
    context: context.value ?? new Map<string, readonly string[]>(),
    ...(resourceGroupId !== undefined ? { resourceGroupId } : {}),
  });
  if (!question.ok) throw new UsageError(question.error);
  const format = outputFormat(args);
  const source = await loadCloudSource(args, { withLinks: false }, io);
  writeNotices(io, source.notices);
  const result = answerRamCanI(source.account, question.value);
  if (!result.ok) throw new UsageError(result.error);
  const answer = result.answer;
  if (answer.unevaluated.length > 0)
    writeNotices(io, [`policies left out (their documents did not parse): ${answer.unevaluated.join(', ')}`]);
  if (format === 'json') writeJson(io, answer);
  else {
    const paths = answer.paths.map((p) => `  ${pathText(p)}\n`).join('');
    // stdout is the decision alone, as for ram eval; the path and statements behind it go to stderr.
    io.stdout.write(decisionLine(answer.decision, answer.conditional));
    io.stderr.write((paths ? `via:\n${paths}` : '') + statementsTable(answer.statements));
  }
  return answer.decision === 'Allow' ? 0 : 1;
}
