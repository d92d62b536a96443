// Cloud findings over one synthetic RAM tier in a process of its own (bench/measure/cloud-findings-bench.ts),
// so that its peak RSS is this measurement's alone. Prints one marked JSON line (CloudFindingsReport).
import { z } from 'zod';
import { isRamTierName } from '../synth/ram-account';
import { logProgress, writeResult } from './child-protocol';
import { benchCloudFindings } from './cloud-findings-bench';

export const cloudFindingsArgsSchema = z.object({
  tier: z.string().refine(isRamTierName, 'unknown RAM tier'),
  seed: z.number().int(),
});
export type CloudFindingsArgs = z.infer<typeof cloudFindingsArgsSchema>;

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const args = cloudFindingsArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  logProgress(args.tier, 'cloud findings: generating the account, then the account model and every cloud rule');
  writeResult(benchCloudFindings(args.tier, args.seed));
}
