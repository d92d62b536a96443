// Public API of the cluster ↔ cloud account links (pure).
export type * from './types';
export { linkAckSubjects, ACK_SUBJECT_PATTERN } from './ack-subjects';
export {
  linkWorkloadRoles,
  rrsaProviderArn,
  issuerHostPath,
  serviceAccountSubject,
  RRSA_ROLE_ANNOTATION,
  RRSA_INJECTION_LABEL,
  IRSA_ROLE_ANNOTATION,
} from './workload-roles';
export { openTrustFindings } from './open-trust';
export { parseAwsAuth, linkAwsAuth } from './aws-auth';
export type { AwsAuthParse } from './aws-auth';
export { crossLayerWhoCan, annotateRbacWhoCan } from './cross-layer';
export type { CloudIdentityRef, LinkedWhoCanSubject } from './cross-layer';
export { linkCluster, podRolesFromObjects } from './link-cluster';
