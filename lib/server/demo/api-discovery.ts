// API discovery for the demo cluster: what `kubectl api-resources` shows on a
// typical 1.3x cluster with the demo's operators installed, as APIResourceList objects.
// The bench's synthetic clusters advertise the same discovery.
import type { ApiResource } from '../../core/kube/types';
import type { JsonObject } from '../../core/snapshot/types';

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB = ['get', 'patch', 'update'];

type Row = [name: string, kind: string, namespaced: boolean, verbs: string[]];

const GROUPS: Record<string, Row[]> = {
  v1: [
    ['bindings', 'Binding', true, ['create']],
    ['componentstatuses', 'ComponentStatus', false, ['get', 'list']],
    ['configmaps', 'ConfigMap', true, RW],
    ['endpoints', 'Endpoints', true, RW],
    ['events', 'Event', true, RW],
    ['limitranges', 'LimitRange', true, RW],
    ['namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
    ['namespaces/finalize', 'Namespace', false, ['update']],
    ['namespaces/status', 'Namespace', false, SUB],
    ['nodes', 'Node', false, RW],
    ['nodes/proxy', 'NodeProxyOptions', false, ['create', 'delete', 'get', 'patch', 'update']],
    ['nodes/status', 'Node', false, SUB],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', true, RW],
    ['persistentvolumes', 'PersistentVolume', false, RW],
    ['pods', 'Pod', true, RW],
    ['pods/attach', 'PodAttachOptions', true, ['create', 'get']],
    ['pods/binding', 'Binding', true, ['create']],
    ['pods/eviction', 'Eviction', true, ['create']],
    ['pods/exec', 'PodExecOptions', true, ['create', 'get']],
    ['pods/log', 'Pod', true, ['get']],
    ['pods/portforward', 'PodPortForwardOptions', true, ['create', 'get']],
    ['pods/proxy', 'PodProxyOptions', true, ['create', 'delete', 'get', 'patch', 'update']],
    ['pods/status', 'Pod', true, SUB],
    ['replicationcontrollers', 'ReplicationController', true, RW],
    ['replicationcontrollers/scale', 'Scale', true, SUB],
    ['resourcequotas', 'ResourceQuota', true, RW],
    ['secrets', 'Secret', true, RW],
    ['serviceaccounts', 'ServiceAccount', true, RW],
    ['serviceaccounts/token', 'TokenRequest', true, ['create']],
    ['services', 'Service', true, RW],
    ['services/proxy', 'ServiceProxyOptions', true, ['create', 'delete', 'get', 'patch', 'update']],
  ],
  'apps/v1': [
    ['controllerrevisions', 'ControllerRevision', true, RW],
    ['daemonsets', 'DaemonSet', true, RW],
    ['deployments', 'Deployment', true, RW],
    ['deployments/scale', 'Scale', true, SUB],
    ['replicasets', 'ReplicaSet', true, RW],
    ['replicasets/scale', 'Scale', true, SUB],
    ['statefulsets', 'StatefulSet', true, RW],
    ['statefulsets/scale', 'Scale', true, SUB],
  ],
  'batch/v1': [
    ['cronjobs', 'CronJob', true, RW],
    ['jobs', 'Job', true, RW],
  ],
  'autoscaling/v2': [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, RW]],
  'networking.k8s.io/v1': [
    ['ingressclasses', 'IngressClass', false, RW],
    ['ingresses', 'Ingress', true, RW],
    ['networkpolicies', 'NetworkPolicy', true, RW],
  ],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true, RW]],
  'rbac.authorization.k8s.io/v1': [
    ['clusterrolebindings', 'ClusterRoleBinding', false, RW],
    ['clusterroles', 'ClusterRole', false, RW],
    ['rolebindings', 'RoleBinding', true, RW],
    ['roles', 'Role', true, RW],
  ],
  'authentication.k8s.io/v1': [
    ['selfsubjectreviews', 'SelfSubjectReview', false, ['create']],
    ['tokenreviews', 'TokenReview', false, ['create']],
  ],
  'authorization.k8s.io/v1': [
    ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true, ['create']],
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, ['create']],
    ['subjectaccessreviews', 'SubjectAccessReview', false, ['create']],
  ],
  'certificates.k8s.io/v1': [
    ['certificatesigningrequests', 'CertificateSigningRequest', false, RW],
    ['certificatesigningrequests/approval', 'CertificateSigningRequest', false, SUB],
    ['certificatesigningrequests/status', 'CertificateSigningRequest', false, SUB],
  ],
  'coordination.k8s.io/v1': [['leases', 'Lease', true, RW]],
  'discovery.k8s.io/v1': [['endpointslices', 'EndpointSlice', true, RW]],
  'storage.k8s.io/v1': [
    ['csidrivers', 'CSIDriver', false, RW],
    ['storageclasses', 'StorageClass', false, RW],
    ['volumeattachments', 'VolumeAttachment', false, RW],
  ],
  'apiextensions.k8s.io/v1': [['customresourcedefinitions', 'CustomResourceDefinition', false, RW]],
  'admissionregistration.k8s.io/v1': [
    ['mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, RW],
    ['validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, RW],
  ],
  'metrics.k8s.io/v1beta1': [
    ['nodes', 'NodeMetrics', false, ['get', 'list']],
    ['pods', 'PodMetrics', true, ['get', 'list']],
  ],
  'argoproj.io/v1alpha1': [
    ['applications', 'Application', true, RW],
    ['applicationsets', 'ApplicationSet', true, RW],
    ['appprojects', 'AppProject', true, RW],
  ],
  'cert-manager.io/v1': [
    ['certificates', 'Certificate', true, RW],
    ['certificaterequests', 'CertificateRequest', true, RW],
    ['clusterissuers', 'ClusterIssuer', false, RW],
    ['issuers', 'Issuer', true, RW],
  ],
  'monitoring.coreos.com/v1': [
    ['prometheuses', 'Prometheus', true, RW],
    ['servicemonitors', 'ServiceMonitor', true, RW],
    ['podmonitors', 'PodMonitor', true, RW],
  ],
};

function splitGroupVersion(groupVersion: string): { group: string; version: string } {
  const slash = groupVersion.indexOf('/');
  return slash < 0 ? { group: '', version: groupVersion } : { group: groupVersion.slice(0, slash), version: groupVersion.slice(slash + 1) };
}

/** Every resource (and subresource) the demo cluster serves. */
export const DEMO_API_RESOURCES: readonly ApiResource[] = Object.entries(GROUPS).flatMap(([groupVersion, rows]) =>
  rows.map(([name, kind, namespaced, verbs]) => ({ ...splitGroupVersion(groupVersion), name, kind, namespaced, verbs })),
);

/** APIResourceList objects, one per groupVersion, as `/api/v1` and `/apis/GROUP/VERSION` return them. */
export function demoApiDiscovery(): JsonObject[] {
  return Object.entries(GROUPS).map(([groupVersion, rows]) => ({
    apiVersion: 'v1',
    kind: 'APIResourceList',
    groupVersion,
    resources: rows.map(([name, kind, namespaced, verbs]) => ({ name, kind, namespaced, verbs })),
  }));
}
