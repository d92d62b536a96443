// Public API of the Kubernetes RBAC engine (pure: no I/O, no vendor types).

export type * from './types';
export {
  verbMatches,
  apiGroupMatches,
  resourceMatches,
  resourceNameMatches,
  nonResourceURLMatches,
  ruleAllows,
  combinedResource,
} from './rule-matches';
export {
  subjectMatchesUser,
  serviceAccountUsername,
  parseServiceAccountUsername,
  serviceAccountGroups,
  effectiveServiceAccountNamespace,
  SERVICE_ACCOUNT_USERNAME_PREFIX,
  ALL_SERVICE_ACCOUNTS_GROUP,
  SERVICE_ACCOUNT_GROUP_PREFIX,
  ALL_AUTHENTICATED_GROUP,
  ALL_UNAUTHENTICATED_GROUP,
  ANONYMOUS_USER,
} from './subject-matches';
export { computeAggregatedRules, aggregationDisagreements, applyAggregation, ruleKey } from './aggregation';
export { withAggregatedRules, policyRuleJson } from './aggregate-manifests';
export type { AggregationDisagreement } from './aggregation';
export { buildAuthzIndex } from './authz-index';
export { candidateBuckets, candidateGrants } from './candidate-grants';
export type { AuthzIndex, IndexedBinding, Grant, ReportableSubject } from './authz-index';
export { compareMatches, compareSubjects } from './match-order';
export { canI, impersonatedUser } from './can-i';
export { whoCan } from './who-can';
export type { WhoCanOptions } from './who-can';
export { rulesOf } from './effective-rules';
export type { Identity } from './effective-rules';
export { accessMatrix, resourcesFromRules, DEFAULT_MATRIX_VERBS } from './access-matrix';
export type { AccessMatrixRow } from './access-matrix';
export { naiveCanI, naiveWhoCan } from './naive';
export { parseResourceTarget } from './parse-target';
export type { ResourceTarget, ParseTargetResult } from './parse-target';
