import 'server-only';
// The live collector's account-level reads, beside users, groups, roles and policies: RAM
// GetPasswordPolicy, IMS GetSecurityPreference (MFA at login) and GetAccountSecurityPracticeReport
// (the root account's AccessKeys), Resource Manager ListPolicyAttachments (grants scoped to a resource
// group), and ACK ListClusterKubeconfigStates for each ACK cluster linked to the account. All are
// read-only. A denied call costs only its input: it is named in the account's `unread` with the
// service's message (the rules that need it are then not evaluated) and in a warning; credentials,
// network, timeouts and a failing service fail the collection as the other reads do.

import * as $Cs from '@alicloud/cs20151215';
import * as $ResourceManager from '@alicloud/resourcemanager20200331';
import type { AccountUnread } from './build-ram-account';
import type { RamClients } from './ram-client';
import type { RamExport } from './ram-export';
import { KindDenied, NOT_FOUND, records, type RamReader, type WireMap } from './ram-reader';

/** Resource Manager's largest page (ListPolicyAttachments PageSize: 1-100). */
const ATTACHMENTS_PAGE = 100;
/** ACK's largest page (ListClusterKubeconfigStates pageSize: 1-50). */
const KUBECONFIG_PAGE = 50;

export interface AccountInputsContext {
  clients: RamClients;
  reader: RamReader;
  warnings: string[];
}

export type AccountInputs = Pick<
  RamExport,
  'PasswordPolicy' | 'SecurityPreference' | 'AccountSecurityPracticeInfo' | 'PolicyAttachments' | 'AckClusters'
>;

/** Runs `work`; a denial is recorded under `input` and answers undefined. */
async function unlessDenied<T>(
  ctx: AccountInputsContext,
  unread: AccountUnread,
  input: Exclude<keyof AccountUnread, 'ackClusters'>,
  what: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof KindDenied)) throw error;
    unread[input] = error.message;
    ctx.warnings.push(`${what} could not be read: ${error.message}`);
    return undefined;
  }
}

/** Every attachment record of the account, paged by PageNumber until TotalCount is reached. */
export async function readPolicyAttachments(ctx: AccountInputsContext, unread: AccountUnread): Promise<WireMap[] | undefined> {
  const { resourceManager } = ctx.clients;
  return unlessDenied(ctx, unread, 'resourceGroupAttachments', 'policy attachments scoped to resource groups', async () => {
    const items: WireMap[] = [];
    for (let pageNumber = 1; ; pageNumber += 1) {
      const body = await ctx.reader.call('ListPolicyAttachments', pageNumber > 1 ? `page ${pageNumber}` : undefined, () =>
        resourceManager.listPolicyAttachments(
          new $ResourceManager.ListPolicyAttachmentsRequest({ pageNumber, pageSize: ATTACHMENTS_PAGE }),
        ),
      );
      if (body === NOT_FOUND) return items;
      const page = records((body.PolicyAttachments as WireMap | undefined)?.PolicyAttachment);
      items.push(...page);
      if (page.length === 0 || items.length >= Number(body.TotalCount ?? 0)) return items;
    }
  });
}

async function readClusterKubeconfigs(ctx: AccountInputsContext, clusterId: string): Promise<WireMap[] | typeof NOT_FOUND> {
  const states: WireMap[] = [];
  for (let pageNumber = 1; ; pageNumber += 1) {
    const body = await ctx.reader.call(
      'ListClusterKubeconfigStates',
      `cluster ${clusterId}${pageNumber > 1 ? `, page ${pageNumber}` : ''}`,
      () =>
        ctx.clients.cs.listClusterKubeconfigStates(
          clusterId,
          new $Cs.ListClusterKubeconfigStatesRequest({ pageNumber, pageSize: KUBECONFIG_PAGE }),
        ),
    );
    if (body === NOT_FOUND) return NOT_FOUND;
    const page = records(body.states);
    states.push(...page);
    const total = Number((body.page as WireMap | undefined)?.total_count ?? 0);
    if (page.length === 0 || states.length >= total) return states;
  }
}

/** Each linked cluster's inventory; a cluster ACK cannot find, or lets us not read, is recorded with why, the others still read. */
async function readAckClusters(
  ctx: AccountInputsContext,
  clusterIds: readonly string[],
  unread: AccountUnread,
): Promise<RamExport['AckClusters']> {
  const clusters: { ClusterId: string; KubeconfigStates: WireMap[] }[] = [];
  const failed = (clusterId: string, reason: string) => {
    ctx.warnings.push(`the kubeconfig inventory of ACK cluster ${clusterId} could not be read: ${reason}`);
    unread.ackClusters = [...(unread.ackClusters ?? []), { clusterId, reason }];
  };
  for (const clusterId of [...new Set(clusterIds)]) {
    try {
      const states = await readClusterKubeconfigs(ctx, clusterId);
      if (states === NOT_FOUND) failed(clusterId, `ACK has no cluster ${clusterId} (deleted, or the link names another id)`);
      else clusters.push({ ClusterId: clusterId, KubeconfigStates: states });
    } catch (error) {
      if (!(error instanceof KindDenied)) throw error;
      failed(clusterId, error.message);
    }
  }
  return clusters as RamExport['AckClusters'];
}

/** The account-level inputs, in the export layout, and what could not be read. */
export async function readAccountInputs(
  ctx: AccountInputsContext,
  clusterIds: readonly string[],
  unread: AccountUnread,
): Promise<Omit<AccountInputs, 'PolicyAttachments'>> {
  const { ram, ims } = ctx.clients;
  const password = await unlessDenied(ctx, unread, 'passwordPolicy', 'the password policy', () =>
    ctx.reader.call('GetPasswordPolicy', undefined, () => ram.getPasswordPolicy()),
  );
  const preference = await unlessDenied(ctx, unread, 'securityPreference', 'the security preferences', () =>
    ctx.reader.call('GetSecurityPreference', undefined, () => ims.getSecurityPreference()),
  );
  const report = await unlessDenied(ctx, unread, 'rootAccessKeys', "the account's security report (root AccessKeys)", () =>
    ctx.reader.call('GetAccountSecurityPracticeReport', undefined, () => ims.getAccountSecurityPracticeReport()),
  );
  const found = (body: WireMap | typeof NOT_FOUND | undefined, key: string) =>
    body === undefined || body === NOT_FOUND ? undefined : (body[key] as never);
  return {
    PasswordPolicy: found(password, 'PasswordPolicy'),
    SecurityPreference: found(preference, 'SecurityPreference'),
    AccountSecurityPracticeInfo: found(report, 'AccountSecurityPracticeInfo'),
    AckClusters: clusterIds.length === 0 ? undefined : await readAckClusters(ctx, clusterIds, unread),
  };
}
