// The API discovery the synthetic cluster advertises: one APIResourceList per groupVersion, shaped
// like `kubectl get --raw /apis/<group>/<version>` output. Resource names, kinds, scopes and verbs
// follow a stock Kubernetes 1.30 apiserver plus three common CRD groups.
import type { JsonObject } from '../../lib/core/snapshot/types';

export interface DiscoveredResource {
  group: string;
  version: string;
  /** May be `resource/subresource`. */
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const GET_PATCH_UPDATE = ['get', 'patch', 'update'];

type Row = [name: string, kind: string, namespaced: boolean, verbs: string[]];

const TABLE: Array<{ group: string; version: string; rows: Row[] }> = [
  {
    group: '',
    version: 'v1',
    rows: [
      ['bindings', 'Binding', true, ['create']],
      ['configmaps', 'ConfigMap', true, CRUD],
      ['endpoints', 'Endpoints', true, CRUD],
      ['events', 'Event', true, CRUD],
      ['limitranges', 'LimitRange', true, CRUD],
      ['namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
      ['namespaces/finalize', 'Namespace', false, ['update']],
      ['namespaces/status', 'Namespace', false, GET_PATCH_UPDATE],
      ['nodes', 'Node', false, CRUD],
      ['nodes/proxy', 'NodeProxyOptions', false, ['create', 'delete', 'get', 'patch', 'update']],
      ['nodes/status', 'Node', false, GET_PATCH_UPDATE],
      ['persistentvolumeclaims', 'PersistentVolumeClaim', true, CRUD],
      ['persistentvolumes', 'PersistentVolume', false, CRUD],
      ['pods', 'Pod', true, CRUD],
      ['pods/attach', 'PodAttachOptions', true, ['create', 'get']],
      ['pods/binding', 'Binding', true, ['create']],
      ['pods/ephemeralcontainers', 'Pod', true, GET_PATCH_UPDATE],
      ['pods/eviction', 'Eviction', true, ['create']],
      ['pods/exec', 'PodExecOptions', true, ['create', 'get']],
      ['pods/log', 'Pod', true, ['get']],
      ['pods/portforward', 'PodPortForwardOptions', true, ['create', 'get']],
      ['pods/proxy', 'PodProxyOptions', true, ['create', 'delete', 'get', 'patch', 'update']],
      ['pods/status', 'Pod', true, GET_PATCH_UPDATE],
      ['replicationcontrollers', 'ReplicationController', true, CRUD],
      ['replicationcontrollers/scale', 'Scale', true, GET_PATCH_UPDATE],
      ['resourcequotas', 'ResourceQuota', true, CRUD],
      ['secrets', 'Secret', true, CRUD],
      ['serviceaccounts', 'ServiceAccount', true, CRUD],
      ['serviceaccounts/token', 'TokenRequest', true, ['create']],
      ['services', 'Service', true, CRUD],
      ['services/proxy', 'ServiceProxyOptions', true, ['create', 'delete', 'get', 'patch', 'update']],
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    rows: [
      ['controllerrevisions', 'ControllerRevision', true, CRUD],
      ['daemonsets', 'DaemonSet', true, CRUD],
      ['deployments', 'Deployment', true, CRUD],
      ['deployments/scale', 'Scale', true, GET_PATCH_UPDATE],
      ['replicasets', 'ReplicaSet', true, CRUD],
      ['replicasets/scale', 'Scale', true, GET_PATCH_UPDATE],
      ['statefulsets', 'StatefulSet', true, CRUD],
      ['statefulsets/scale', 'Scale', true, GET_PATCH_UPDATE],
    ],
  },
  { group: 'batch', version: 'v1', rows: [['cronjobs', 'CronJob', true, CRUD], ['jobs', 'Job', true, CRUD]] },
  {
    group: 'autoscaling',
    version: 'v2',
    rows: [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, CRUD]],
  },
  { group: 'policy', version: 'v1', rows: [['poddisruptionbudgets', 'PodDisruptionBudget', true, CRUD]] },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    rows: [
      ['ingresses', 'Ingress', true, CRUD],
      ['networkpolicies', 'NetworkPolicy', true, CRUD],
    ],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    rows: [
      ['clusterrolebindings', 'ClusterRoleBinding', false, CRUD],
      ['clusterroles', 'ClusterRole', false, CRUD],
      ['rolebindings', 'RoleBinding', true, CRUD],
      ['roles', 'Role', true, CRUD],
    ],
  },
  {
    group: 'certificates.k8s.io',
    version: 'v1',
    rows: [
      ['certificatesigningrequests', 'CertificateSigningRequest', false, CRUD],
      ['certificatesigningrequests/approval', 'CertificateSigningRequest', false, GET_PATCH_UPDATE],
      ['certificatesigningrequests/status', 'CertificateSigningRequest', false, GET_PATCH_UPDATE],
    ],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    rows: [
      ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true, ['create']],
      ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']],
      ['subjectaccessreviews', 'SubjectAccessReview', false, ['create']],
    ],
  },
  { group: 'authentication.k8s.io', version: 'v1', rows: [['tokenreviews', 'TokenReview', false, ['create']]] },
  { group: 'coordination.k8s.io', version: 'v1', rows: [['leases', 'Lease', true, CRUD]] },
  { group: 'discovery.k8s.io', version: 'v1', rows: [['endpointslices', 'EndpointSlice', true, CRUD]] },
  { group: 'storage.k8s.io', version: 'v1', rows: [['storageclasses', 'StorageClass', false, CRUD]] },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    rows: [['customresourcedefinitions', 'CustomResourceDefinition', false, CRUD]],
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    rows: [
      ['mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, CRUD],
      ['validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, CRUD],
    ],
  },
  {
    group: 'cert-manager.io',
    version: 'v1',
    rows: [
      ['certificates', 'Certificate', true, CRUD],
      ['clusterissuers', 'ClusterIssuer', false, CRUD],
      ['issuers', 'Issuer', true, CRUD],
    ],
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    rows: [
      ['applications', 'Application', true, CRUD],
      ['appprojects', 'AppProject', true, CRUD],
    ],
  },
  {
    group: 'monitoring.coreos.com',
    version: 'v1',
    rows: [
      ['prometheusrules', 'PrometheusRule', true, CRUD],
      ['servicemonitors', 'ServiceMonitor', true, CRUD],
    ],
  },
];

export const DISCOVERED: readonly DiscoveredResource[] = TABLE.flatMap(({ group, version, rows }) =>
  rows.map(([name, kind, namespaced, verbs]) => ({ group, version, name, kind, namespaced, verbs })),
);

export const API_GROUPS: readonly string[] = TABLE.map((t) => t.group);

/** Singular names as discovery reports them (kind lower-cased for top-level resources, '' for subresources). */
function singular(name: string, kind: string): string {
  return name.includes('/') ? '' : kind.toLowerCase();
}

/** APIResourceList objects, one per groupVersion, as `/api/v1` and `/apis/<g>/<v>` return them. */
export function discoveryLists(): JsonObject[] {
  return TABLE.map(({ group, version, rows }) => ({
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    kind: 'APIResourceList',
    resources: rows.map(([name, kind, namespaced, verbs]) => ({
      kind,
      name,
      namespaced,
      singularName: singular(name, kind),
      verbs: [...verbs],
    })),
  }));
}
