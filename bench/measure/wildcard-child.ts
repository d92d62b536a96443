// The pathological-wildcard measurement in a process of its own (bench/measure/wildcard-bench.ts), so
// that no tier's heap or JIT state colours the per-match times. Prints one marked JSON line (WildcardReport).
import { logProgress, writeResult } from './child-protocol';
import { benchWildcard } from './wildcard-bench';

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  logProgress('wildcard', 'timing pathological patterns at 200 characters, and the old regex at 24');
  writeResult(benchWildcard());
}
