// Findings over one synthetic tier in a process of its own (bench/measure/findings-bench.ts), so
// that its peak RSS is this measurement's alone. Prints one marked JSON line (FindingsReport).
import { z } from 'zod';
import { isTierName } from '../generate-cluster';
import { logProgress, writeResult } from './child-protocol';
import { benchFindings } from './findings-bench';

export const findingsArgsSchema = z.object({
  tier: z.string().refine(isTierName, 'unknown tier'),
  seed: z.number().int(),
});
export type FindingsArgs = z.infer<typeof findingsArgsSchema>;

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const args = findingsArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  logProgress(args.tier, 'findings: generating the cluster, then the index and every Kubernetes rule');
  writeResult(benchFindings(args.tier, args.seed));
}
