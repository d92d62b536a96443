// The rules over vendors' real RBAC (fixtures/real-world-rbac), each file applied to a bootstrap
// cluster as its install would be: the findings beyond the bootstrap objects' own are those of
// testdata/real-world-findings.json (read one by one against the YAML; see README.md here).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { applyAggregation } from '../rbac/aggregation';
import { buildAuthzIndex } from '../rbac/authz-index';
import { BOOTSTRAP_FILES, fixtureDocs, fixtureObjects, REAL_WORLD_FILES } from '../rbac/testdata/fixtures';
import { mergeObjects } from '../rbac/testdata/identities';
import { evaluateClusterFindings } from './evaluate';
import { serviceAccountSecretsOf } from './token-hygiene';
import type { Finding, FindingParty } from './types';

const expected = z
  .object({ files: z.record(z.string(), z.record(z.string(), z.array(z.string()))) })
  .parse(JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'real-world-findings.json'), 'utf8'))).files;

const bootstrap = fixtureObjects(BOOTSTRAP_FILES);
const party = (p: FindingParty) => `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
const isBootstrapOwn = (f: Finding) => /^(bootstrap policy|control-plane controller)/.test(f.builtIn?.reason ?? '');

function evaluateFile(file: { path: string; defaultNamespace?: string }, withBootstrap: boolean) {
  const objects = applyAggregation(withBootstrap ? mergeObjects(bootstrap, fixtureObjects([file])) : fixtureObjects([file]));
  return evaluateClusterFindings({
    source: file.path,
    index: buildAuthzIndex(objects),
    // The files carry no Pods: that rule is not evaluated, never passed.
    missingKinds: ['Pod'],
    serviceAccountSecrets: serviceAccountSecretsOf(fixtureDocs(file.path), file.defaultNamespace),
  });
}

describe('real-world RBAC on a bootstrap cluster', () => {
  for (const file of REAL_WORLD_FILES) {
    const name = file.path.replace('real-world-rbac/', '');
    test(name, () => {
      const result = evaluateFile(file, true);
      const got: Record<string, string[]> = {};
      for (const f of result.findings.filter((x) => !isBootstrapOwn(x))) {
        const subjectOrObject = f.subject ?? f.object;
        (got[f.rule] ??= []).push(`${subjectOrObject ? party(subjectOrObject) : '-'} @ ${f.scope}${f.builtIn ? ' (built-in)' : ''}`);
      }
      assert.deepEqual(got, expected[name]);
      assert.deepEqual(result.notEvaluated, [{ rule: 'k8s.automount-token', reason: 'the snapshot lacks Pod' }]);
    });
  }

  test("only ACK components are marked built-in among the vendors' findings", () => {
    const marked = REAL_WORLD_FILES.flatMap((file) =>
      evaluateFile(file, true).findings.filter((f) => f.builtIn !== null && !isBootstrapOwn(f)),
    );
    assert.ok(marked.length > 0);
    for (const f of marked) assert.match(f.builtIn?.reason ?? '', /^ACK component: /);
  });

  test("without the bootstrap cluster, metrics-server's bindings to bootstrap roles dangle (a real cluster resolves them)", () => {
    const alone = evaluateFile({ path: 'real-world-rbac/metrics-server.yaml' }, false);
    const dangling = alone.findings.filter((f) => f.rule === 'k8s.dangling-role-ref').map((f) => f.object && party(f.object));
    assert.deepEqual(dangling, [
      'ClusterRoleBinding metrics-server:system:auth-delegator',
      'RoleBinding kube-system/metrics-server-auth-reader',
    ]);
  });
});
