// Public API of the access graph (pure): build, index, traverse, filter, collapse, who-can paths.
export type * from './types';
export { GRAPH_NODE_KINDS, isGraphNodeKind, isSystemName, edgeId } from './types';
export { RBAC_SUBJECT_KINDS, subjectId, bindingId, roleId, namespaceId, ruleId, parseNodeId } from './node-id';
export type { RbacSubjectKind, ParsedNodeId } from './node-id';
export { buildRbacGraph, indexGraph, mergeGraphs } from './build-graph';
export type { GraphIndex } from './build-graph';
export { nodePredicate, filterGraph, searchNodes } from './filter-graph';
export type { NodePredicate, SearchHit } from './filter-graph';
export { neighborhood, expand, inducedSubgraph, DEFAULT_MAX_NODES } from './neighborhood';
export type { NeighborhoodOptions, NeighborhoodOutcome } from './neighborhood';
export { whoCanGraph, ruleSummary, DEFAULT_MAX_SUBJECTS } from './who-can-graph';
export { wholeClusterView, SCOPE_NODE_ID, OTHER_CLUSTER_ROLES_ID, DEFAULT_TOP_CLUSTER_ROLES } from './whole-cluster';
