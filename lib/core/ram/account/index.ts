// Public API of the cloud account evaluator (pure): a snapshot's objects → CloudAccount, and the
// principal questions asked of it.
export type * from './types';
export { accountFromCloudObjects, buildCloudAccount, managedPolicyKey } from './build-account';
export { candidatePolicies } from './action-index';
export { evaluatePrincipal } from './evaluate-principal';
export type { PrincipalEvaluation } from './evaluate-principal';
export { cloudCanI, canAssumeRole, evaluateTrust, findPrincipal, ASSUME_ROLE_ACTION } from './can-i';
export type { PrincipalRef, CloudCanIResult, AssumeRoleAnswer } from './can-i';
export { cloudWhoCan, naiveCloudWhoCan, comparePrincipals, whoCanEntry } from './who-can';
export { parsePrincipalRef, parseContextPairs } from './question-input';
export type { InputResult } from './question-input';
export { adminProbes, adminVerdict, cloudAdmins, PROBE_NAME, PROBE_SERVICE } from './admin';
export type { AdminCondition, AdminGrant, AdminStatus, AdminVerdict, CloudAdmin, CloudAdmins } from './admin';
