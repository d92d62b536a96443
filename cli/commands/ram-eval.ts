// `access-atlas ram eval --policy FILE... ACTION RESOURCE [--context KEY=VALUE]... [--principal ARN] [--aws]`:
// one policy set's decision for one request, with every matching statement. Exit 0 Allow, 1 ExplicitDeny
// or ImplicitDeny, 2 bad input. `ram eval --batch FILE|-` (ram-batch-eval.ts) asks one request per JSON
// line through the same question, evaluation and JSON below, so each line's answer is this command's.
import { readFile } from 'node:fs/promises';
import { parseContextPairs } from '../../lib/core/ram/account';
import { evaluatePolicies, parsePolicy } from '../../lib/core/ram/policy';
import type {
  Evaluation,
  EvaluationRequest,
  NamedPolicy,
  ParsedPolicy,
  PolicyGrammar,
  PrincipalType,
  RequestContext,
} from '../../lib/core/ram/policy/types';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson, writeNotices } from '../format';
import { inputPath, type CliIo } from '../io';
import { jsonSyntaxReason } from './ram-batch';
import { decisionLine, statementsTable } from './ram-format';

const EMPTY_CONTEXT: RequestContext = new Map();

const FLAGS = {
  values: ['--policy', '--context', '--principal', '-o', '--batch'],
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

export const grammarOf = (aws: boolean): PolicyGrammar => (aws ? 'aws' : 'ram');

export type PolicyLoad = { ok: true; policy: ParsedPolicy; warnings: string[] } | { ok: false; error: string };

/** A policy document already read as JSON (a file's, or one written inline in a batch line). */
export function policyFromDocument(document: unknown, grammar: PolicyGrammar): PolicyLoad {
  const parsed = parsePolicy(document, grammar);
  return parsed.ok ? { ok: true, policy: parsed.policy, warnings: parsed.warnings } : { ok: false, error: parsed.error };
}

/** A policy file (a path to open as it is); the error says why without quoting the file (the caller names the path). */
export async function readPolicyFile(path: string, grammar: PolicyGrammar): Promise<PolicyLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: jsonSyntaxReason(error) };
  }
  return policyFromDocument(document, grammar);
}

/** One request to one policy set, however it was asked (flags or a batch line). */
export interface RamEvalQuestion {
  policies: readonly NamedPolicy[];
  request: EvaluationRequest;
  grammar: PolicyGrammar;
}

export interface RamEvalFields {
  action: string;
  resource: string;
  /** The whole request context: a key not in it is absent (issue 3), never 'unknown'. */
  context: RequestContext;
  /** The caller's ARN, for trust and resource policies. */
  principal?: string;
  aws: boolean;
}

export function evalQuestion(policies: readonly NamedPolicy[], fields: RamEvalFields): RamEvalQuestion {
  const { action, resource, context, principal, aws } = fields;
  const request: EvaluationRequest = {
    action,
    resource,
    context,
    ...(principal !== undefined ? { principal: principalOf(principal, aws) } : {}),
  };
  return { policies, request, grammar: grammarOf(aws) };
}

export function answerRamEval(question: RamEvalQuestion): Evaluation {
  return evaluatePolicies(question.policies, question.request, question.grammar);
}

export interface RamEvalJson {
  decision: Evaluation['decision'];
  statements: { policy: string; index: number; effect: 'Allow' | 'Deny'; conditions: string }[];
}

/** Exactly the documented `-o json` shape (README.md); the human output also shows each statement's Condition block. */
export function ramEvalJson(evaluation: Evaluation): RamEvalJson {
  const statements = evaluation.statements.map((s) => ({ policy: s.policy, index: s.index, effect: s.effect, conditions: s.conditions }));
  return { decision: evaluation.decision, statements };
}

async function loadPolicyFlag(path: string, grammar: PolicyGrammar, io: CliIo): Promise<NamedPolicy> {
  const loaded = await readPolicyFile(inputPath(io, path), grammar);
  if (!loaded.ok) throw new UsageError(`--policy ${path}: ${loaded.error}`);
  writeNotices(
    io,
    loaded.warnings.map((warning) => `${path}: ${warning}`),
  );
  return { name: path, type: 'File', policy: loaded.policy };
}

export async function runRamEval(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const batch = single(args, '--batch');
  if (batch !== undefined) return (await import('./ram-batch-eval')).runRamEvalBatch(args, batch, io);
  const [action, resource, ...extra] = args.positionals;
  if (action === undefined || resource === undefined || extra.length > 0) {
    throw new UsageError(
      'usage: access-atlas ram eval --policy FILE [--policy FILE]... ACTION RESOURCE [--context KEY=VALUE]... [--principal ARN] [--aws] [-o json]' +
        ' (or ram eval --batch FILE|- [--aws])',
    );
  }
  const paths = args.values.get('--policy') ?? [];
  if (paths.length === 0) throw new UsageError('ram eval needs at least one --policy FILE');
  const aws = args.booleans.has('--aws');
  const format = outputFormat(args);
  const context = parseContextPairs(args.values.get('--context') ?? []);
  if (!context.ok) throw new UsageError(context.error);
  const policies = await Promise.all(paths.map((p) => loadPolicyFlag(p, grammarOf(aws), io)));
  const principal = single(args, '--principal');
  // The given context is the whole request (issue 3): with no --context at all it is empty, so a
  // condition on any key is decided by the absent-key rule, never left 'unknown'.
  const question = evalQuestion(policies, {
    action,
    resource,
    context: context.value ?? EMPTY_CONTEXT,
    aws,
    ...(principal !== undefined ? { principal } : {}),
  });
  const evaluation = answerRamEval(question);
  if (format === 'json') writeJson(io, ramEvalJson(evaluation));
  else {
    // stdout is the decision alone (scripts compare it); the statements behind it go to stderr.
    io.stdout.write(decisionLine(evaluation.decision, evaluation.conditional));
    io.stderr.write(statementsTable(evaluation.statements));
  }
  return evaluation.decision === 'Allow' ? 0 : 1;
}
