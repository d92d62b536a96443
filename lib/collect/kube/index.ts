// Public entry of the live cluster collector.
export { collectFromCluster, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_MS, type CollectFromClusterOptions } from './collect-from-cluster';
