// Public API of the snapshot diff (pure).
export type * from './types';
export { diffSnapshots, hasChanges } from './snapshot-diff';
export type { DiffOptions } from './snapshot-diff';
export { diffObjects, excludedKinds, keyOfObject } from './object-diff';
export { diffPermissions } from './permission-diff';
export { grantKey, grantsOfRule } from './grants';
export { IMPACT_RULES, impactOf, impactTitle } from './impact';
export type { Impact, ImpactRuleId } from './impact';
export { subjectKey, subjectText, objectText } from './describe';
export { groupBySubject, grantsSummary } from './group-changes';
export type { ChangeGroup, SubjectChanges, Direction } from './group-changes';
export { buildReviewItems, countReviewItems } from './review-items';
export type { ReviewItems, ReviewSubject, ReviewPermissionItem, ReviewObjectItem } from './review-items';
