// Public API of the findings core (pure: no I/O, no clock; `now` is a parameter).

export * from './types';
export { KUBERNETES_RULES, ruleById, ruleInfo } from './catalog';
export type { CheckContext, FindingRule } from './catalog';
export { evaluateClusterFindings, compareFindings } from './evaluate';
export type { ClusterFindingsInput } from './evaluate';
export { findingId } from './fingerprint';
export { builtInMarker } from './builtin';
export type { BuiltIn } from './builtin';
export { applySuppressions, matchesPattern, globMatches, patternText, isInForce, suppressionMatches } from './suppress';
export { findingsDrift } from './drift';
export { serviceAccountSecretsOf } from './token-hygiene';
export type { ServiceAccountSecrets } from './token-hygiene';
export { probeText, resourceText } from './probes';
export type { Probe, FindingDraft } from './probes';
export { DEFAULT_DISCOVERY_ROLES } from './public-access';
export { CLOUD_RULES, cloudRuleById } from './cloud-catalog';
export type { CloudCheckContext, CloudFindingRule } from './cloud-catalog';
export { evaluateCloudFindings } from './evaluate-cloud';
export type { CloudFindingsInput } from './evaluate-cloud';
export { DATA_ON_STAR_ACTIONS } from './cloud-permissions';
export { KEY_MAX_AGE_DAYS, KEY_MAX_IDLE_DAYS } from './cloud-credentials';
export type { ActionCategory, CloudFindingDraft } from './cloud-permissions';
