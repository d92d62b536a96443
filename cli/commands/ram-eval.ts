// `access-atlas ram eval --policy FILE... ACTION RESOURCE [--context KEY=VALUE]... [--principal ARN] [--aws]`:
// one policy set's decision for one request, with every matching statement.
// Exit 0 Allow, 1 ExplicitDeny or ImplicitDeny, 2 bad input.
import { readFile } from 'node:fs/promises';
import { parseContextPairs } from '../../lib/core/ram/account';
import { evaluatePolicies, parsePolicy } from '../../lib/core/ram/policy';
import type { NamedPolicy, PrincipalType, RequestContext } from '../../lib/core/ram/policy/types';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson } from '../format';
import { decisionLine, statementsTable } from './ram-format';

const EMPTY_CONTEXT: RequestContext = new Map();

const FLAGS = {
  values: ['--policy', '--context', '--principal', '-o'],
  repeatable: ['--policy', '--context'],
  booleans: ['--aws'],
  aliases: { '--output': '-o' },
};

/** The Principal type a caller ARN is matched as (RAM 2021 "Edit the trust policy"; AWS Principal element). */
export function principalOf(arn: string, aws: boolean): { type: PrincipalType; id: string } {
  if (arn === '*') return { type: '*', id: '*' };
  if (/:(oidc|saml)-provider\//.test(arn)) return { type: 'Federated', id: arn };
  if (/^[a-z0-9.-]+\.(aliyuncs|amazonaws)\.com$/.test(arn)) return { type: 'Service', id: arn };
  return { type: aws ? 'AWS' : 'RAM', id: arn };
}

async function loadPolicy(path: string, aws: boolean): Promise<NamedPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--policy ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--policy ${path}: not JSON: ${(error as Error).message}`);
  }
  const parsed = parsePolicy(document, aws ? 'aws' : 'ram');
  if (!parsed.ok) throw new UsageError(`--policy ${path}: ${parsed.error}`);
  for (const warning of parsed.warnings) process.stderr.write(`note: ${path}: ${warning}\n`);
  return { name: path, type: 'File', policy: parsed.policy };
}

export async function runRamEval(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const [action, resource, ...extra] = args.positionals;
  if (action === undefined || resource === undefined || extra.length > 0) {
    throw new UsageError('usage: access-atlas ram eval --policy FILE [--policy FILE]... ACTION RESOURCE [--context KEY=VALUE]... [--principal ARN] [--aws] [-o json]');
  }
  const paths = args.values.get('--policy') ?? [];
  if (paths.length === 0) throw new UsageError('ram eval needs at least one --policy FILE');
  const aws = args.booleans.has('--aws');
  const format = outputFormat(args);
  const context = parseContextPairs(args.values.get('--context') ?? []);
  if (!context.ok) throw new UsageError(context.error);
  const policies = await Promise.all(paths.map((p) => loadPolicy(p, aws)));
  const principal = single(args, '--principal');
  // The given context is the whole request (issue 3): with no --context at all it is empty, so a
  // condition on any key is decided by the absent-key rule, never left 'unknown'.
  const request = { action, resource, context: context.value ?? EMPTY_CONTEXT, ...(principal !== undefined ? { principal: principalOf(principal, aws) } : {}) };
  const evaluation = evaluatePolicies(policies, request, aws ? 'aws' : 'ram');
  if (format === 'json') {
    // Exactly the documented shape; the human output also shows each statement's Condition block.
    const statements = evaluation.statements.map((s) => ({ policy: s.policy, index: s.index, effect: s.effect, conditions: s.conditions }));
    writeJson({ decision: evaluation.decision, statements });
  } else {
    // stdout is the decision alone (scripts compare it); the statements behind it go to stderr.
    process.stdout.write(decisionLine(evaluation.decision, evaluation.conditional));
    process.stderr.write(statementsTable(evaluation.statements));
  }
  return evaluation.decision === 'Allow' ? 0 : 1;
}
