// Terminal text for RAM answers; JSON output never goes through here.
import type { PathStep } from '../../lib/core/ram/account';
import type { StatementOutcome } from '../../lib/core/ram/policy/types';
import { table } from '../format';

export function stepText(step: PathStep): string {
  switch (step.kind) {
    case 'CloudPolicy': {
      const version = step.version ? ` ${step.version}` : '';
      const scope = step.scope?.kind === 'resource-group' ? ` [resource group ${step.scope.resourceGroupId}]` : '';
      return `${step.type} policy ${step.name}${version}${scope}`;
    }
    case 'ServiceAccount':
      return `ServiceAccount ${step.cluster}:${step.namespace}/${step.name}`;
    case 'AssumeRole':
      return `assumes (${step.via})`;
    default:
      return `${step.kind.replace('Cloud', '')} ${step.name}`;
  }
}

export function pathText(path: readonly PathStep[]): string {
  return path.map(stepText).join(' > ');
}

function conditionText(s: StatementOutcome): string {
  if (!s.condition) return s.conditions;
  return `${s.conditions} ${JSON.stringify(s.condition)}`;
}

export function statementsTable(statements: readonly StatementOutcome[]): string {
  if (statements.length === 0) return 'No statement matches the request.\n';
  const rows = statements.map((s) => [s.policy, String(s.index), s.effect, conditionText(s)]);
  return table(['POLICY', 'STATEMENT', 'EFFECT', 'CONDITIONS'], rows);
}

export function decisionLine(decision: string, conditional: boolean): string {
  return conditional ? `${decision} (conditional: unknown conditions could change this; give --context)\n` : `${decision}\n`;
}
