// Kubernetes label selectors (metav1.LabelSelector), as the clusterrole-aggregation
// controller evaluates them: metav1.LabelSelectorAsSelector turns the selector into
// labels.Requirements (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go) and
// labels.Requirement.Matches decides (k8s.io/apimachinery/pkg/labels/selector.go).

import type { LabelSelector, LabelSelectorRequirement, Labels } from './types';

/**
 * Why LabelSelectorAsSelector would reject this selector, or undefined if it is valid.
 * Upstream errors for In/NotIn with no values and for Exists/DoesNotExist with values
 * (labels.NewRequirement). Key and value syntax is not re-checked here: the API server
 * validates it when the object is written.
 */
export function labelSelectorProblem(selector: LabelSelector): string | undefined {
  for (const expr of selector.matchExpressions) {
    const hasValues = expr.values.length > 0;
    if ((expr.operator === 'In' || expr.operator === 'NotIn') && !hasValues) {
      return `matchExpressions key ${expr.key}: operator ${expr.operator} needs at least one value`;
    }
    if ((expr.operator === 'Exists' || expr.operator === 'DoesNotExist') && hasValues) {
      return `matchExpressions key ${expr.key}: operator ${expr.operator} takes no values`;
    }
  }
  return undefined;
}

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      // A missing label satisfies NotIn (labels.Requirement.Matches: `if !ls.Has(r.key) { return true }`).
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/**
 * True iff `labels` satisfy every matchLabels entry and every matchExpressions requirement.
 * An empty selector matches everything (LabelSelectorAsSelector returns labels.Everything()).
 * An invalid selector (see labelSelectorProblem) matches nothing; callers that must mirror a
 * controller's error path check labelSelectorProblem first.
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  if (labelSelectorProblem(selector) !== undefined) return false;
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((req) => requirementMatches(req, labels));
}
