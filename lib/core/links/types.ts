// Links between a cluster's identities and a cloud account's: the shapes every link function
// returns, and the cluster-side input they read.
import type { ClusterObjects } from '../kube/types';
import type { Decision } from '../ram/policy/types';
import type { CloudStatement } from '../ram/account/types';

/** A pod's RRSA role variable (ALIBABA_CLOUD_ROLE_ARN, kept by normalize.ts) with the SA it runs as. */
export interface PodRoleEnv {
  namespace: string;
  name: string;
  serviceAccountName: string;
  roleArn: string;
}

/** One aws-auth ConfigMap entry (kube-system/aws-auth data.mapRoles / data.mapUsers). */
export interface AwsAuthMapping {
  source: 'mapRoles' | 'mapUsers';
  arn: string;
  username: string;
  groups: string[];
}

/** A cluster as the link functions read it. */
export interface LinkedClusterInput {
  /** The cluster source's name, shown in answers. */
  source: string;
  /** ACK: the cluster id (RRSA provider ack-rrsa-<id>). EKS: the OIDC issuer URL. */
  clusterRef: string;
  /** ACK RRSA: the issuer URL (oidc:iss), when known. */
  issuer?: string;
  objects: ClusterObjects;
  podRoles: PodRoleEnv[];
  /** EKS: the aws-auth mappings, when the caller has them (ConfigMaps are not collected). */
  awsAuth?: AwsAuthMapping[];
}

export interface BindingName {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
}

/** ACK: an RBAC User subject that names a RAM user's UserId or a role's RoleId (or the account). */
export interface AckSubjectLink {
  subject: string;
  binding: BindingName;
  identity: { kind: 'user' | 'role' | 'account'; name: string; arn?: string };
}

/** An RBAC User subject shaped like a RAM UID that no RAM identity of the account has. */
export interface OrphanedBinding {
  subject: string;
  binding: BindingName;
  reason: string;
}

export interface AckLinks {
  linked: AckSubjectLink[];
  orphaned: OrphanedBinding[];
}

/** How a service account came to be tied to a role. */
export type WorkloadLinkEvidence =
  { kind: 'rrsa-annotation'; injection: 'namespace' | 'pod' | 'off' } | { kind: 'pod-env'; pod: string } | { kind: 'irsa-annotation' };

export interface TrustConfirmation {
  /** The role's trust policy evaluated for this SA's token. */
  decision: Decision;
  conditional: boolean;
  statements: CloudStatement[];
  /** False when the issuer was not known and the trust policy's own oidc:iss was taken on trust. */
  issuerChecked: boolean;
}

/** A Kubernetes service account that can act as a cloud role (RRSA or IRSA). */
export interface WorkloadRoleLink {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  mechanism: 'rrsa' | 'irsa';
  role: string;
  roleArn?: string;
  evidence: WorkloadLinkEvidence[];
  /** null when the role is not in the account (a dangling annotation). */
  trust: TrustConfirmation | null;
  /** confirmed: the trust policy lets this SA's token assume the role. */
  status: 'confirmed' | 'conditional' | 'not-trusted' | 'role-missing' | 'injection-off';
}

/** A trust statement that any service account (or any audience) of the cluster could satisfy. */
export interface OpenTrustFinding {
  role: string;
  statementIndex: number;
  reason: string;
}

/** aws-auth: a mapped IAM identity and who it is in the cluster. */
export interface AwsAuthLink {
  mapping: AwsAuthMapping;
  identity: { kind: 'user' | 'role'; name: string } | null;
}

export interface ClusterLinks {
  cluster: string;
  ack: AckLinks;
  workloads: WorkloadRoleLink[];
  openTrust: OpenTrustFinding[];
  awsAuth: AwsAuthLink[];
  /** Links that could not be made, each naming its object. */
  problems: string[];
}
