// The demo cluster's tenant layer: what a platform team adds on top of the defaults.
// Four weekly states with the kind of drift a reviewer should catch: new members,
// a CI role quietly gaining secrets, an operator bound to cluster-admin, a binding
// to a role nobody created, and `edit` handed to every authenticated user (cut back
// to `view` in week 4). Between weeks the findings change with them: each later
// week gains high or critical findings, and week 4 also resolves some.
import type { JsonObject } from '../../core/snapshot/types';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  namespace,
  pod,
  role,
  roleBinding,
  sa,
  serviceAccount,
  user,
  type RuleSpec,
  type SubjectSpec,
} from './kube-objects';
import { buildAckLayer } from './ack-layer';

export type DemoWeek = 1 | 2 | 3 | 4;

const WORKLOAD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

interface Team {
  ns: string;
  lead: string;
  devGroup: string;
  apps: string[];
}

function teamsFor(week: DemoWeek): Team[] {
  const teams: Team[] = [
    { ns: 'team-payments', lead: 'alice@example.com', devGroup: 'oidc:payments-devs', apps: ['checkout', 'ledger'] },
    { ns: 'team-search', lead: 'bob@example.com', devGroup: 'oidc:search-devs', apps: ['indexer', 'query'] },
    { ns: 'team-data', lead: 'carol@example.com', devGroup: 'oidc:data-devs', apps: ['etl'] },
  ];
  // Week 2: the ML team is onboarded.
  if (week >= 2) teams.push({ ns: 'team-ml', lead: 'dave@example.com', devGroup: 'oidc:ml-devs', apps: ['trainer'] });
  return teams;
}

function ciDeployerRules(week: DemoWeek): RuleSpec[] {
  const rules: RuleSpec[] = [
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: WORKLOAD_VERBS },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: [''], resources: ['services', 'configmaps', 'serviceaccounts'], verbs: WORKLOAD_VERBS },
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WORKLOAD_VERBS },
  ];
  // Week 3: someone "fixed" a Helm chart install by letting CI read every secret.
  if (week >= 3) rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] });
  return rules;
}

function teamObjects(team: Team, week: DemoWeek): JsonObject[] {
  const developers: SubjectSpec[] = [group(team.devGroup)];
  // Week 2: carol joins payments as a developer (she keeps leading team-data).
  if (week >= 2 && team.ns === 'team-payments') developers.push(user('carol@example.com'));
  const objects: JsonObject[] = [
    namespace(team.ns, { tenant: team.ns.replace('team-', '') }),
    serviceAccount(team.ns, 'app'),
    serviceAccount(team.ns, 'worker'),
    role(team.ns, 'app-config-reader', [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['app-credentials'], verbs: ['get'] },
    ]),
    roleBinding(team.ns, 'app-config-reader', { kind: 'Role', name: 'app-config-reader' }, [sa(team.ns, 'app'), sa(team.ns, 'worker')]),
    roleBinding(team.ns, 'developers', { kind: 'ClusterRole', name: 'edit' }, developers),
    roleBinding(team.ns, 'leads', { kind: 'ClusterRole', name: 'admin' }, [user(team.lead)]),
    roleBinding(team.ns, 'ci-deployer', { kind: 'ClusterRole', name: 'ci-deployer' }, [sa('ci', 'deployer')]),
  ];
  team.apps.forEach((app, i) => {
    objects.push(pod(team.ns, `${app}-7d9f8c6b5-${'abcde'.slice(i, i + 1)}x2k9`, 'app', app));
    objects.push(pod(team.ns, `${app}-7d9f8c6b5-${'fghij'.slice(i, i + 1)}q8w4`, 'app', app));
  });
  objects.push(pod(team.ns, 'worker-5c7b9d-m2n4p', 'worker', 'worker', 'worker-5c7b9d'));
  return objects;
}

function platformObjects(week: DemoWeek): JsonObject[] {
  const objects: JsonObject[] = [
    namespace('ci'),
    namespace('ops-tools'),
    namespace('sandbox'),
    serviceAccount('ci', 'deployer'),
    clusterRole('ci-deployer', ciDeployerRules(week)),
    pod('ci', 'runner-6f5d4c-tz7qa', 'deployer', 'runner', 'runner-6f5d4c'),
    // An operator written years ago with far more than it needs.
    serviceAccount('ops-tools', 'legacy-backup-operator'),
    clusterRole('legacy-backup-operator', [
      { apiGroups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['*'] },
      { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
    ]),
    clusterRoleBinding('legacy-backup-operator', 'legacy-backup-operator', [sa('ops-tools', 'legacy-backup-operator')]),
    pod('ops-tools', 'legacy-backup-operator-0', 'legacy-backup-operator', 'legacy-backup-operator', 'legacy-backup-operator'),
    // Platform admins are cluster-admins, as is usual.
    clusterRoleBinding('platform-admins', 'cluster-admin', [group('oidc:platform-admins')]),
    // A binding to a ClusterRole that was never created (the chart that should have shipped it was not installed).
    roleBinding('team-search', 'search-readers', { kind: 'ClusterRole', name: 'search-reader' }, [group('oidc:search-devs')]),
    // SRE on-call may read everything cluster-wide.
    clusterRoleBinding('sre-view', 'view', [group('oidc:sre')]),
  ];
  // A sandbox where "everyone can try things": edit for every authenticated user, until week 4
  // cuts it back to view (a roleRef cannot change, so the binding is replaced): the secrets, exec
  // and workload findings of system:authenticated there are resolved; reading the sandbox is still one.
  // So that the sandbox's own CI keeps deploying, week 4 gives edit to its ServiceAccounts instead
  // (the group system:serviceaccounts:sandbox): the same rights, now held by every pod there.
  if (week <= 3) {
    objects.push(roleBinding('sandbox', 'everyone-can-edit', { kind: 'ClusterRole', name: 'edit' }, [group('system:authenticated')]));
  } else {
    objects.push(
      roleBinding('sandbox', 'everyone-can-view', { kind: 'ClusterRole', name: 'view' }, [group('system:authenticated')]),
      roleBinding('sandbox', 'sandbox-workloads-can-edit', { kind: 'ClusterRole', name: 'edit' }, [
        group('system:serviceaccounts:sandbox'),
      ]),
    );
  }
  // Weeks 1-3: contractors may view team-data; week 4 their engagement ended.
  if (week <= 3) objects.push(roleBinding('team-data', 'contractors', { kind: 'ClusterRole', name: 'view' }, [group('oidc:contractors')]));
  // Week 3: a debugging shortcut: the SRE group may exec into pods everywhere.
  if (week >= 3) {
    objects.push(
      clusterRole('pod-debugger', [
        { apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward'], verbs: ['create', 'get'] },
      ]),
    );
    objects.push(clusterRoleBinding('sre-pod-debugger', 'pod-debugger', [group('oidc:sre')]));
  }
  // Week 4: the legacy operator is "temporarily" made cluster-admin during an incident.
  if (week >= 4)
    objects.push(clusterRoleBinding('legacy-backup-operator-admin', 'cluster-admin', [sa('ops-tools', 'legacy-backup-operator')]));
  return objects;
}

/** The tenant layer of the demo cluster in a given week. */
export function buildTenantLayer(week: DemoWeek): JsonObject[] {
  return [...platformObjects(week), ...teamsFor(week).flatMap((team) => teamObjects(team, week)), ...buildAckLayer(week)];
}
