// What ACK adds to the demo cluster for RAM identities (ram-semantics.md A4): the predefined
// ClusterRoles, bindings the console's Authorizations page writes for RAM users (subject
// {kind: User, name: <UID>}, named <uid>-clusterrolebinding / <uid>-<ns>-rolebinding), and an
// RRSA workload (namespace labeled pod-identity.alibabacloud.com/injection: on, service account
// annotated pod-identity.alibabacloud.com/role-name, pod with the variables the webhook injects).
import type { JsonObject } from '../../core/snapshot/types';
import { clusterRole, clusterRoleBinding, namespace, pod, roleBinding, serviceAccount, user, type RuleSpec } from './kube-objects';
import { DEMO_RAM_ACCOUNT_ID, DEMO_RAM_PEOPLE, DEMO_RRSA_PROVIDER_ARN, DEMO_RRSA_WORKLOAD } from './ram-identities';
import type { DemoWeek } from './tenant-layer';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Modelled on ACK's predefined templates: Administrator, Developer, Restricted (read-only). */
const ACK_ROLES: [name: string, rules: RuleSpec[]][] = [
  [
    'cs:admin',
    [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  ],
  [
    'cs:dev',
    [
      {
        apiGroups: [''],
        resources: [
          'pods',
          'pods/attach',
          'pods/exec',
          'pods/portforward',
          'pods/log',
          'services',
          'configmaps',
          'persistentvolumeclaims',
          'endpoints',
        ],
        verbs: WRITE,
      },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale'], verbs: WRITE },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WRITE },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
      { apiGroups: [''], resources: ['events', 'namespaces'], verbs: READ },
    ],
  ],
  [
    'cs:restricted',
    [
      {
        apiGroups: ['', 'apps', 'batch', 'networking.k8s.io', 'autoscaling'],
        resources: [
          'pods',
          'pods/log',
          'services',
          'configmaps',
          'deployments',
          'statefulsets',
          'daemonsets',
          'replicasets',
          'jobs',
          'cronjobs',
          'ingresses',
          'horizontalpodautoscalers',
          'events',
        ],
        verbs: READ,
      },
    ],
  ],
];

function ackBindings(week: DemoWeek): JsonObject[] {
  const { liWei, zhangMin, zhaoLei, chenJie } = DEMO_RAM_PEOPLE;
  const objects: JsonObject[] = [
    clusterRoleBinding(`${liWei.uid}-clusterrolebinding`, 'cs:admin', [user(liWei.uid)]),
    roleBinding('team-payments', `${zhangMin.uid}-team-payments-rolebinding`, { kind: 'ClusterRole', name: 'cs:dev' }, [
      user(zhangMin.uid),
    ]),
    // chen.jie's RAM user is deleted in week 3; nobody removes this binding.
    roleBinding('team-data', `${chenJie.uid}-team-data-rolebinding`, { kind: 'ClusterRole', name: 'cs:restricted' }, [user(chenJie.uid)]),
  ];
  // Week 2: the ML team (and namespace team-ml) is onboarded; zhao.lei gets Developer there.
  if (week >= 2)
    objects.push(
      roleBinding('team-ml', `${zhaoLei.uid}-team-ml-rolebinding`, { kind: 'ClusterRole', name: 'cs:dev' }, [user(zhaoLei.uid)]),
    );
  return objects;
}

function rrsaWorkload(): JsonObject[] {
  const { namespace: ns, serviceAccount: name, roleName } = DEMO_RRSA_WORKLOAD;
  const backup = pod(ns, 'oss-backup-28841760-x7k2p', name, 'oss-backup', 'oss-backup-28841760');
  const spec = backup.spec as { containers: JsonObject[] };
  // What ack-pod-identity-webhook injects into each container.
  spec.containers = spec.containers.map((container) => ({
    ...container,
    env: [
      { name: 'ALIBABA_CLOUD_ROLE_ARN', value: `acs:ram::${DEMO_RAM_ACCOUNT_ID}:role/${roleName}` },
      { name: 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', value: DEMO_RRSA_PROVIDER_ARN },
      { name: 'ALIBABA_CLOUD_OIDC_TOKEN_FILE', value: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token' },
    ],
  }));
  return [
    namespace(ns, { 'pod-identity.alibabacloud.com/injection': 'on' }),
    serviceAccount(ns, name, { 'pod-identity.alibabacloud.com/role-name': roleName }),
    backup,
  ];
}

/** The ACK layer of the demo cluster in a given week. */
export function buildAckLayer(week: DemoWeek): JsonObject[] {
  return [...ACK_ROLES.map(([name, rules]) => clusterRole(name, rules)), ...ackBindings(week), ...rrsaWorkload()];
}
