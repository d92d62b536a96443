// What a SARIF log must hold to be valid SARIF 2.1.0 (the `required` and `enum` constraints of
// https://json.schemastore.org/sarif-2.1.0.json for the objects Access Atlas writes) and to be
// accepted by GitHub code scanning (ruleId, message.text, a location per result, partial
// fingerprints, security-severity as a number string). Written as assertions: the tests have no
// network, and the parts we write are few. Used by sarif.test.ts and the CLI's tests.
import assert from 'node:assert/strict';

type Json = Record<string, unknown>;

function object(value: unknown, where: string): Json {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where} is an object`);
  return value as Json;
}

function array(value: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(value), `${where} is an array`);
  return value;
}

function text(value: unknown, where: string): string {
  assert.equal(typeof value, 'string', `${where} is a string`);
  assert.ok((value as string).length > 0, `${where} is not empty`);
  return value as string;
}

function message(value: unknown, where: string): void {
  text(object(value, where).text, `${where}.text`);
}

const LEVELS = ['none', 'note', 'warning', 'error'];

/** A URI reference (RFC 3986 characters only: spaces and backslashes percent-encoded); an absolute path only as a file: URI. */
function uriReference(value: unknown, where: string): void {
  const uri = text(value, where);
  assert.match(uri, /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/, `${where} (${uri}) is a URI reference`);
  assert.ok(/^[a-z][a-z0-9+.-]*:/.test(uri) || !uri.startsWith('/'), `${where}: an absolute path is given as a file: URI`);
}

function rule(value: unknown, where: string): string {
  const r = object(value, where);
  const id = text(r.id, `${where}.id`);
  for (const key of ['shortDescription', 'fullDescription', 'help']) if (r[key] !== undefined) message(r[key], `${where}.${key}`);
  if (r.helpUri !== undefined) assert.match(text(r.helpUri, `${where}.helpUri`), /^https?:\/\//, `${where}.helpUri is a URL`);
  const level = object(r.defaultConfiguration, `${where}.defaultConfiguration`).level;
  assert.ok(LEVELS.includes(level as string), `${where}.defaultConfiguration.level`);
  const severity = object(r.properties, `${where}.properties`)['security-severity'];
  assert.match(text(severity, `${where}.properties.security-severity`), /^\d+(\.\d+)?$/);
  assert.ok(Number(severity) >= 0 && Number(severity) <= 10, `${where} security-severity in 0-10`);
  return id;
}

function location(value: unknown, where: string, needPhysical: boolean): void {
  const l = object(value, where);
  if (needPhysical || l.physicalLocation !== undefined) {
    const physical = object(l.physicalLocation, `${where}.physicalLocation`);
    uriReference(object(physical.artifactLocation, `${where}.physicalLocation.artifactLocation`).uri, `${where} uri`);
    const startLine = object(physical.region, `${where}.physicalLocation.region`).startLine;
    assert.ok(Number.isInteger(startLine) && (startLine as number) >= 1, `${where} region.startLine is a line number`);
  }
  if (l.logicalLocations !== undefined) {
    for (const [i, logical] of array(l.logicalLocations, `${where}.logicalLocations`).entries()) {
      const ll = object(logical, `${where}.logicalLocations[${i}]`);
      text(ll.fullyQualifiedName, `${where}.logicalLocations[${i}].fullyQualifiedName`);
    }
  }
  assert.ok(l.physicalLocation !== undefined || l.logicalLocations !== undefined, `${where} names a place`);
}

/**
 * Asserts the log is SARIF 2.1.0 as GitHub code scanning takes it; `physical`: every result must
 * point at a file (findings read from files).
 */
export function assertSarif(log: unknown, opts: { physical: boolean }): void {
  const root = object(log, 'log');
  assert.equal(root.version, '2.1.0');
  assert.equal(root.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const runs = array(root.runs, 'runs');
  assert.ok(runs.length >= 1, 'at least one run');
  for (const [r, runValue] of runs.entries()) {
    const run = object(runValue, `runs[${r}]`);
    const driver = object(object(run.tool, `runs[${r}].tool`).driver, `runs[${r}].tool.driver`);
    text(driver.name, `runs[${r}].tool.driver.name`);
    const ids = array(driver.rules, 'driver.rules').map((value, i) => rule(value, `driver.rules[${i}]`));
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const [i, inv] of array(run.invocations ?? [], 'invocations').entries()) {
      const invocation = object(inv, `invocations[${i}]`);
      assert.equal(typeof invocation.executionSuccessful, 'boolean', `invocations[${i}].executionSuccessful`);
      for (const [n, note] of array(invocation.toolExecutionNotifications ?? [], 'notifications').entries()) {
        message(object(note, `notification ${n}`).message, `notification ${n}.message`);
      }
    }
    for (const [i, value] of array(run.results, `runs[${r}].results`).entries()) {
      const where = `results[${i}]`;
      const result = object(value, where);
      const ruleId = text(result.ruleId, `${where}.ruleId`);
      assert.ok(ids.includes(ruleId), `${where}.ruleId ${ruleId} is in driver.rules`);
      if (result.ruleIndex !== undefined) assert.equal(ids[result.ruleIndex as number], ruleId, `${where}.ruleIndex points at its rule`);
      assert.ok(LEVELS.includes(result.level as string), `${where}.level`);
      message(result.message, `${where}.message`);
      const locations = array(result.locations, `${where}.locations`);
      assert.equal(locations.length, 1, `${where} has one location`);
      location(locations[0], `${where}.locations[0]`, opts.physical);
      const fingerprints = object(result.partialFingerprints, `${where}.partialFingerprints`);
      text(fingerprints['accessAtlasFindingId/v1'], `${where}.partialFingerprints`);
      for (const [s, sup] of array(result.suppressions ?? [], 'suppressions').entries()) {
        const suppression = object(sup, `${where}.suppressions[${s}]`);
        assert.ok(['inSource', 'external'].includes(suppression.kind as string), 'suppression kind');
        assert.ok(['accepted', 'underReview', 'rejected'].includes(suppression.status as string), 'suppression status');
      }
    }
  }
}
