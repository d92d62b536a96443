// `access-atlas findings` as a script runs it, in this process (cli/testing/run-cli.ts): real
// fixtures (the Kubernetes bootstrap policy, fixtures/risky-rbac), a real SQLite file for stored
// sources and suppressions; the table, the JSON, SARIF, baselines and --fail-on's exit status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertSarif } from '../../lib/core/findings/__tests__/sarif-required';
import type { SarifLog } from '../../lib/core/findings/sarif';
import type { Finding, FindingsResult } from '../../lib/core/findings/types';
import { openStore } from '../../lib/store';
import { runCli, type CliRun } from '../testing/run-cli';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RISKY_DIR = join(ROOT, 'fixtures', 'risky-rbac');
const RISKY = join(RISKY_DIR, 'risky.yaml');
const BOOTSTRAP = [
  'cluster-roles',
  'cluster-role-bindings',
  'controller-roles',
  'controller-role-bindings',
  'namespace-roles',
  'namespace-role-bindings',
].map((name) => join(ROOT, 'fixtures', 'k8s-bootstrap', `${name}.yaml`));

let dataDir = '';

function ask(args: string[], opts: { cwd?: string } = {}): Promise<CliRun> {
  return runCli(['findings', ...args], {
    input: '',
    env: { ACCESS_ATLAS_DATA_DIR: dataDir, DATABASE_URL: undefined },
    cwd: opts.cwd ?? ROOT,
  });
}

async function json(args: string[], opts: { cwd?: string } = {}): Promise<FindingsResult> {
  const run = await ask([...args, '-o', 'json'], opts);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as FindingsResult;
}

const FINDING_KEYS = [
  'id',
  'rule',
  'severity',
  'title',
  'layer',
  'source',
  'subject',
  'object',
  'scope',
  'evidence',
  'builtIn',
  'suppressed',
];

function rulesOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atlas-findings-cli-'));
  for (const [source, paths] of [
    ['risky', [RISKY]],
    ['base', BOOTSTRAP],
  ] as const) {
    const stored = await runCli(['snapshot', '--from', ...paths, '--source', source, '-o', 'json'], {
      env: { ACCESS_ATLAS_DATA_DIR: dataDir, DATABASE_URL: undefined },
      cwd: ROOT,
    });
    assert.equal(stored.code, 0, stored.stderr);
  }
  const cloud = await runCli(
    ['snapshot', '--from', join(ROOT, 'fixtures', 'ram-account', 'example.json'), '--kind', 'ram', '--source', 'cloud'],
    {
      env: { ACCESS_ATLAS_DATA_DIR: dataDir, DATABASE_URL: undefined },
      cwd: ROOT,
    },
  );
  assert.equal(cloud.code, 0, cloud.stderr);
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('findings --from', () => {
  test('-o json: exactly {findings, notEvaluated}; the risky binding is found with its path', async () => {
    const run = await ask(['--from', RISKY, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout) as FindingsResult;
    assert.deepEqual(Object.keys(answer), ['findings', 'notEvaluated']);
    for (const f of answer.findings) assert.deepEqual(Object.keys(f), FINDING_KEYS, f.rule);
    const secrets = answer.findings.find((f) => f.rule === 'k8s.secrets-read');
    assert.ok(secrets, rulesOf(answer.findings).join(', '));
    assert.deepEqual(secrets.subject, { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' });
    assert.equal(secrets.scope, 'cluster');
    assert.equal(secrets.builtIn, null);
    assert.ok(secrets.evidence.some((e) => e.kind === 'grant' && e.matchedBy.some((m) => m.binding.name === 'deployer-reads-secrets')));
    const ghost = answer.findings.find((f) => f.rule === 'k8s.missing-service-account');
    assert.deepEqual(ghost?.subject, { kind: 'ServiceAccount', name: 'ghost', namespace: 'ci' });
    // The ServiceAccount's `secrets` list reaches the rule from files too (the index does not carry it).
    const legacy = answer.findings.find((f) => f.rule === 'k8s.legacy-sa-token');
    assert.deepEqual(legacy?.subject, { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' });
    assert.ok(answer.notEvaluated.every((n) => n.rule !== 'k8s.legacy-sa-token'));
    for (const n of answer.notEvaluated) assert.deepEqual(Object.keys(n), ['rule', 'reason']);
  });

  test('the default is a table: severity, rule, subject, scope, path, marks; then what was not evaluated and a summary', async () => {
    const run = await ask(['--from', RISKY]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^SEVERITY +RULE +SUBJECT +SCOPE +VIA +NOTE$/);
    assert.ok(
      lines.some((l) =>
        /^high +k8s\.secrets-read +ServiceAccount ci\/deployer +cluster +ClusterRoleBinding deployer-reads-secrets -> ClusterRole secrets-reader rule 0/.test(
          l,
        ),
      ),
      run.stdout,
    );
    assert.match(lines.at(-1) ?? '', /^\d+ findings? \(/);
  });

  test('the bootstrap policy: built-ins are marked and listed, hidden only with --hide-builtin; rules reading kinds the files lack are not evaluated', async () => {
    const all = await json(['--from', ...BOOTSTRAP]);
    const masters = all.findings.find((f) => f.subject?.kind === 'Group' && f.subject.name === 'system:masters');
    assert.ok(masters, rulesOf(all.findings).join(', '));
    assert.notEqual(masters.builtIn, null);
    assert.ok(all.notEvaluated.some((n) => n.rule === 'k8s.missing-service-account'));
    const hidden = await json(['--from', ...BOOTSTRAP, '--hide-builtin']);
    assert.deepEqual(
      hidden.findings.map((f) => f.id),
      all.findings.filter((f) => f.builtIn === null).map((f) => f.id),
    );
  });

  test('--rule (repeatable) and --min-severity narrow the answer', async () => {
    const only = await json(['--from', RISKY, '--rule', 'k8s.secrets-read', '--rule', 'k8s.missing-service-account']);
    assert.deepEqual(rulesOf(only.findings), ['k8s.missing-service-account', 'k8s.secrets-read']);
    const high = await json(['--from', ...BOOTSTRAP, '--min-severity', 'high']);
    assert.ok(high.findings.length > 0);
    assert.ok(high.findings.every((f) => f.severity === 'critical' || f.severity === 'high'));
  });
});

describe('findings --fail-on', () => {
  test('without a baseline: exit 1 when any unsuppressed finding is at or above it, 0 otherwise; the answer is printed either way', async () => {
    const failed = await ask(['--from', RISKY, '--fail-on', 'high']);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /k8s\.secrets-read/);
    assert.match(failed.stderr, /unsuppressed finding\(s\) at or above high \(--fail-on high\)/);
    const passed = await ask(['--from', RISKY, '--rule', 'k8s.missing-service-account', '--fail-on', 'critical']);
    assert.equal(passed.code, 0, passed.stderr);
  });

  test('suppressed findings are reported, marked, and do not fail the gate', async () => {
    const store = await openStore({ databaseUrl: `file:${join(dataDir, 'access-atlas.db')}` });
    try {
      const riskyRules = rulesOf((await json(['--source', 'risky', '--min-severity', 'high'])).findings);
      const created = [];
      for (const rule of riskyRules) {
        created.push(
          await store.suppressions.create('risky', {
            rule,
            subjectPattern: null,
            objectPattern: null,
            scope: null,
            justification: 'accepted for the test',
            owner: 'ana',
            expiresAt: new Date(Date.now() + 3_600_000),
            createdBy: 'test',
          }),
        );
      }
      const gated = await ask(['--source', 'risky', '--fail-on', 'high', '-o', 'json']);
      assert.equal(gated.code, 0, gated.stderr);
      const answer = JSON.parse(gated.stdout) as FindingsResult;
      const high = answer.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
      assert.ok(high.length > 0 && high.every((f) => f.suppressed && f.suppressedBy?.owner === 'ana'));
      for (const s of created) await store.suppressions.revoke('risky', s.id, { by: 'test', reason: 'done' });
      assert.equal((await ask(['--source', 'risky', '--fail-on', 'high'])).code, 1);
    } finally {
      await store.close();
    }
  });

  test('an expired suppression is named on stderr and no longer applies', async () => {
    const store = await openStore({ databaseUrl: `file:${join(dataDir, 'access-atlas.db')}` });
    try {
      const expired = await store.suppressions.create('risky', {
        rule: 'k8s.secrets-read',
        subjectPattern: 'ServiceAccount/ci/*',
        objectPattern: null,
        scope: null,
        justification: 'was accepted',
        owner: 'ana',
        expiresAt: new Date(Date.now() - 1000),
        at: new Date(Date.now() - 3_600_000),
        createdBy: 'test',
      });
      const run = await ask(['--source', 'risky', '--rule', 'k8s.secrets-read', '-o', 'json']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`note: suppression #${expired.id} of k8s\\.secrets-read \\(ana\\) expired at `));
      assert.ok((JSON.parse(run.stdout) as FindingsResult).findings.every((f) => !f.suppressed));
      await store.suppressions.revoke('risky', expired.id, { by: 'test', reason: 'done' });
    } finally {
      await store.close();
    }
  });
});

describe('findings with a baseline', () => {
  test('--baseline-from: only findings whose id the baseline lacks are reported and gated (a pull request adds a binding)', async () => {
    // The baseline: the same manifest without the ClusterRoleBinding that lets ci/deployer read Secrets.
    const documents = readFileSync(RISKY, 'utf8').split('\n---\n');
    const withoutBinding = documents.filter((d) => !d.includes('name: deployer-reads-secrets')).join('\n---\n');
    assert.equal(documents.length - 1, withoutBinding.split('\n---\n').length);
    const baseDir = mkdtempSync(join(tmpdir(), 'atlas-findings-base-'));
    const base = join(baseDir, 'risky.yaml');
    writeFileSync(base, withoutBinding);
    try {
      const fresh = await json(['--from', RISKY, '--baseline-from', base]);
      assert.deepEqual(rulesOf(fresh.findings), ['k8s.secrets-read']);
      const head = await json(['--from', RISKY]);
      assert.deepEqual(fresh.notEvaluated, head.notEvaluated);

      const gated = await ask(['--from', RISKY, '--baseline-from', base, '--fail-on', 'high']);
      assert.equal(gated.code, 1);
      assert.match(gated.stderr, /1 unsuppressed new finding\(s\) the baseline lacks at or above high \(--fail-on high\)/);
      assert.equal((await ask(['--from', RISKY, '--baseline-from', base, '--fail-on', 'critical'])).code, 0);
      // The same files on both sides: nothing new, whatever the threshold.
      const same = await ask(['--from', ...BOOTSTRAP, '--baseline-from', ...BOOTSTRAP, '--fail-on', 'info']);
      assert.equal(same.code, 0, same.stderr);
      assert.match(same.stdout, /^No finding the baseline lacks\.\n/);
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
    }
  });

  test('a rule the baseline could not evaluate: its findings all count as new, and stderr says why', async () => {
    // The bootstrap files hold no ServiceAccount; with risky.yaml's, the controllers' ServiceAccounts are judged missing.
    const run = await ask(['--from', ...BOOTSTRAP, RISKY, '--baseline-from', ...BOOTSTRAP, '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const fresh = JSON.parse(run.stdout) as FindingsResult;
    assert.deepEqual(rulesOf(fresh.findings), ['k8s.legacy-sa-token', 'k8s.missing-service-account', 'k8s.secrets-read']);
    const missing = fresh.findings.filter((f) => f.rule === 'k8s.missing-service-account').length;
    assert.match(
      run.stderr,
      new RegExp(`note: baseline: k8s\\.missing-service-account was not evaluated \\(.+\\): its ${missing} finding\\(s\\) count as new`),
    );
  });

  test('--baseline-source (and --baseline-snapshot) answer as the same files given with --baseline-from', async () => {
    const fromFiles = await json(['--from', ...BOOTSTRAP, RISKY, '--baseline-from', ...BOOTSTRAP]);
    const fromStore = await json(['--from', ...BOOTSTRAP, RISKY, '--baseline-source', 'base']);
    assert.deepEqual(fromStore, fromFiles);
    const missing = await ask(['--from', RISKY, '--baseline-source', 'base', '--baseline-snapshot', '999']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: .*999/);
  });
});

describe('findings --source', () => {
  test('a stored snapshot of the same files answers the same findings, named by the source', async () => {
    const files = await json(['--from', RISKY]);
    const stored = await json(['--source', 'risky']);
    assert.deepEqual(
      stored.findings.map((f) => ({ ...f, source: '' })),
      files.findings.map((f) => ({ ...f, source: '' })),
    );
    assert.ok(stored.findings.every((f) => f.source === 'risky'));
    assert.deepEqual(stored.notEvaluated, files.notEvaluated);
  });

  test('a stored cloud account answers with the cloud rules; rules needing data it lacks are not evaluated', async () => {
    const cloud = await json(['--source', 'cloud']);
    assert.ok(cloud.findings.length > 0);
    assert.ok(cloud.findings.every((f) => f.layer === 'cloud' && f.rule.startsWith('ram.') && f.source === 'cloud'));
    assert.ok(cloud.findings.some((f) => f.rule === 'ram.admin-equivalent' && f.severity === 'critical'));
    assert.ok(cloud.notEvaluated.some((n) => n.rule === 'ram.root-accesskey'));
    const gated = await ask(['--source', 'cloud', '--fail-on', 'critical']);
    assert.equal(gated.code, 1, gated.stderr);
  });

  test('--from FILE --kind ram answers as the same export stored as a source; SARIF names every cloud rule it reports', async () => {
    const example = join(ROOT, 'fixtures', 'ram-account', 'example.json');
    const files = await json(['--from', example, '--kind', 'ram']);
    const stored = await json(['--source', 'cloud']);
    const strip = (f: FindingsResult['findings'][number]) => ({ ...f, source: '' });
    assert.deepEqual(files.findings.map(strip), stored.findings.map(strip));
    assert.deepEqual(files.notEvaluated, stored.notEvaluated);
    const sarif = await ask(['--from', example, '--kind', 'ram', '-o', 'sarif']);
    assert.equal(sarif.code, 0, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    const run = log.runs[0];
    assert.ok(run && run.results.length === files.findings.length);
    const known = new Set(run.tool.driver.rules.map((r) => r.id));
    assert.ok(run.results.every((r) => known.has(r.ruleId)));
  });
});

describe('findings -o sarif', () => {
  test('files: valid SARIF 2.1.0, each result at its manifest file (relative to the working directory) and line', async () => {
    const run = await ask(['--from', 'risky.yaml', '-o', 'sarif'], { cwd: RISKY_DIR });
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    assertSarif(log, { physical: true });
    const results = log.runs[0]?.results ?? [];
    const secrets = results.find((r) => r.ruleId === 'k8s.secrets-read');
    assert.ok(secrets);
    const lines = readFileSync(RISKY, 'utf8').split('\n');
    // The ClusterRoleBinding's document starts at the apiVersion line before its kind.
    const bindingLine = lines.findIndex((l, i) => l === 'kind: ClusterRoleBinding' && lines[i + 2] === '  name: deployer-reads-secrets');
    assert.deepEqual(secrets.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'risky.yaml' },
      region: { startLine: bindingLine },
    });
    const json = JSON.parse((await ask(['--from', 'risky.yaml', '-o', 'json'], { cwd: RISKY_DIR })).stdout) as FindingsResult;
    assert.deepEqual(
      results.map((r) => r.partialFingerprints['accessAtlasFindingId/v1']),
      json.findings.map((f) => f.id),
    );
    const driver = log.runs[0]?.tool.driver;
    assert.equal(driver?.name, 'Access Atlas');
    assert.ok(driver?.rules.some((r) => r.id === 'k8s.secrets-read' && r.properties['security-severity'] === '8.0'));
  });

  test("the bootstrap policy's List files: every result points at a file under fixtures/ and a line holding its object", async () => {
    const run = await ask(['--from', ...BOOTSTRAP.map((p) => p.slice(ROOT.length + 1)), '-o', 'sarif']);
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    assertSarif(log, { physical: true });
    for (const result of log.runs[0]?.results ?? []) {
      const physical = result.locations[0]?.physicalLocation;
      assert.ok(physical, JSON.stringify(result.locations));
      assert.ok(physical.artifactLocation.uri.startsWith('fixtures/k8s-bootstrap/'), JSON.stringify(result.locations));
      const text = readFileSync(join(ROOT, physical.artifactLocation.uri), 'utf8').split('\n');
      const name = result.locations[0]?.logicalLocations?.[0]?.name ?? '';
      const item = text.slice(physical.region.startLine - 1, physical.region.startLine + 12).join('\n');
      assert.ok(item.includes(`name: ${name}`), `${name} at ${physical.artifactLocation.uri}:${physical.region.startLine}`);
    }
  });

  test('manifests as applied: objects without a namespace (in default), cluster-scoped ones written with one, each located', async () => {
    const run = await ask(['--from', 'fixtures/real-world-rbac', '-o', 'sarif']);
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    // terway.yaml's ClusterRole carries metadata.namespace: kube-system, which Kubernetes ignores.
    assertSarif(log, { physical: true });
    const terway = log.runs[0]?.results.find((r) => r.locations[0]?.logicalLocations?.[0]?.name === 'terway-pod-reader');
    assert.equal(terway?.locations[0]?.physicalLocation?.artifactLocation.uri, 'fixtures/real-world-rbac/terway.yaml');
  });

  test('a stored source: logical locations (kind/namespace/name); with a baseline, only the new results', async () => {
    const run = await ask(['--source', 'risky', '-o', 'sarif']);
    assert.equal(run.code, 0, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    assertSarif(log, { physical: false });
    assert.ok((log.runs[0]?.results ?? []).every((r) => r.locations[0]?.physicalLocation === undefined));
    const fresh = await ask(['--from', ...BOOTSTRAP, RISKY, '--baseline-source', 'base', '-o', 'sarif']);
    const freshLog = JSON.parse(fresh.stdout) as SarifLog;
    assertSarif(freshLog, { physical: true });
    const freshJson = await json(['--from', ...BOOTSTRAP, RISKY, '--baseline-source', 'base']);
    assert.equal(freshLog.runs[0]?.results.length, freshJson.findings.length);
  });
});

describe('findings: refused input exits 2 naming the flag', () => {
  const cases: [string, string[], RegExp][] = [
    ['no SOURCE', [], /^error: no SOURCE/],
    ['--kind ram on a Kubernetes file', ['--from', RISKY, '--kind', 'ram'], /^error: .*risky\.yaml:1:1: invalid JSON/],
    ['--kind with a stored source', ['--source', 'cloud', '--kind', 'ram'], /^error: --kind goes with --from/],
    ['--kind gcp', ['--from', RISKY, '--kind', 'gcp'], /^error: --kind gcp: expected ram or aws/],
    ['--cluster-ref', ['--from', RISKY, '--cluster-ref', 'c123'], /^error: --cluster-ref /],
    ['an unknown rule', ['--from', RISKY, '--rule', 'k8s.nope'], /^error: --rule k8s\.nope: no such rule/],
    ['a bad severity', ['--from', RISKY, '--min-severity', 'severe'], /^error: --min-severity severe: not a severity/],
    ['a bad --fail-on', ['--from', RISKY, '--fail-on', 'HIGH'], /^error: --fail-on HIGH: not a severity/],
    ['-o yaml', ['--from', RISKY, '-o', 'yaml'], /^error: -o yaml: give json or sarif/],
    ['two baselines', ['--from', RISKY, '--baseline-from', RISKY, '--baseline-source', 'base'], /^error: give either --baseline-from/],
    ['--baseline-snapshot alone', ['--from', RISKY, '--baseline-snapshot', '1'], /^error: --baseline-snapshot needs --baseline-source/],
    ['an unknown source', ['--source', 'nope'], /^error: source "nope" does not exist/],
    ['a missing file', ['--from', join(RISKY_DIR, 'nope.yaml')], /^error: .*nope\.yaml/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const run = await ask(args);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }
});
