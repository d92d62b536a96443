// The API discovery the synthetic cluster advertises: the demo cluster's (a stock 1.3x API
// server plus common CRD groups), so both describe the same kind of cluster from one table.
import type { ApiResource } from '../../lib/core/kube/types';
import type { JsonObject } from '../../lib/core/snapshot/types';
import { DEMO_API_RESOURCES, demoApiDiscovery } from '../../lib/server/demo/api-discovery';

export type DiscoveredResource = ApiResource;

export const DISCOVERED: readonly DiscoveredResource[] = DEMO_API_RESOURCES;

/** APIResourceList objects, one per groupVersion, as `/api/v1` and `/apis/<g>/<v>` return them. */
export function discoveryLists(): JsonObject[] {
  return demoApiDiscovery();
}
