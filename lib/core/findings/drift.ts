// Findings gained and resolved between two snapshots, matched by id (rule + subject + object +
// scope, fingerprint.ts): a finding whose evidence changed is neither. Worst severity first.

import { compareFindings } from './evaluate';
import type { Finding, FindingsDrift } from './types';

export function findingsDrift(before: readonly Finding[], after: readonly Finding[]): FindingsDrift {
  const beforeIds = new Set(before.map((f) => f.id));
  const afterIds = new Set(after.map((f) => f.id));
  return {
    gained: after.filter((f) => !beforeIds.has(f.id)).sort(compareFindings),
    resolved: before.filter((f) => !afterIds.has(f.id)).sort(compareFindings),
  };
}
