// One RAM tier in its own process (so peak RSS is that tier's alone): generate the account's
// stored objects (not measured), build the account model from them (ingest), then time who-can
// indexed and naive. Prints one marked JSON line (RamTierMeasurements).
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { generateRamAccount, isRamTierName, RAM_TIERS } from '../synth/ram-account';
import { logProgress, writeResult } from './child-protocol';
import { benchRamWhoCan, ingestRam, type RamIngestReport, type RamWhoCanReport } from './ram-who-can-bench';
import { mib } from './stats';

export const ramArgsSchema = z.object({
  tier: z.string().refine(isRamTierName, 'unknown RAM tier'),
  seed: z.number().int(),
  queries: z.number().int().positive(),
  naiveQueries: z.number().int().nonnegative(),
  querySeed: z.number().int(),
});
export type RamArgs = z.infer<typeof ramArgsSchema>;

export interface RamTierMeasurements {
  generateMs: number;
  ingest: RamIngestReport;
  whoCan: RamWhoCanReport;
}

function measure(args: RamArgs): RamTierMeasurements {
  const baseline = mib(process.memoryUsage().rss);
  const spec = RAM_TIERS[args.tier];
  let start = performance.now();
  const objects = generateRamAccount(spec, args.seed);
  const generateMs = Math.round(performance.now() - start);
  logProgress(args.tier, `building the account model from ${objects.length} objects`);
  start = performance.now();
  const { account, report } = ingestRam(objects, baseline);
  logProgress(
    args.tier,
    `built in ${Math.round(performance.now() - start)} ms; who-can: ${args.queries} queries indexed, ${Math.min(args.naiveQueries, args.queries)} naive`,
  );
  return { generateMs, ingest: report, whoCan: benchRamWhoCan(account, args.queries, args.naiveQueries, args.querySeed) };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  writeResult(measure(ramArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'))));
}
