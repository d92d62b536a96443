import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { globsMayOverlap, globSubsumes } from './glob-subsumes';
import { wildcardMatches } from './wildcard';

describe('globSubsumes', () => {
  test('certain cases', () => {
    assert.equal(globSubsumes('*', 'ecs:Describe*'), true);
    assert.equal(globSubsumes('ecs:*', 'ecs:Describe*'), true);
    assert.equal(globSubsumes('ecs:Describe*', 'ecs:DescribeInstances'), true);
    assert.equal(globSubsumes('ecs:Describe*', 'ecs:Describe*'), true);
    assert.equal(globSubsumes('acs:ecs:*:*:instance/*', 'acs:ecs:cn-hangzhou:123:instance/i-1*'), true);
    assert.equal(globSubsumes('ecs:?et*', 'ecs:Get?'), true);
    assert.equal(globSubsumes('a*b*c', 'a*xb*yc'), true);
  });
  test('not subsumed, or not certain', () => {
    assert.equal(globSubsumes('ecs:Describe*', 'ecs:*'), false);
    assert.equal(globSubsumes('ecs:DescribeInstances', 'ecs:Describe*'), false);
    assert.equal(globSubsumes('ecs:?', 'ecs:*'), false, '? does not cover a run');
    assert.equal(globSubsumes('oss:*', 'ecs:*'), false);
    assert.equal(globSubsumes('acs:oss:*:*:bucket/a/*', 'acs:oss:*:*:bucket/*'), false);
  });
  test('actions case-insensitively only when asked', () => {
    assert.equal(globSubsumes('ECS:describe*', 'ecs:DescribeInstances', { caseInsensitive: true }), true);
    assert.equal(globSubsumes('ECS:describe*', 'ecs:DescribeInstances'), false);
  });
  test('sound against the matcher on sample values', () => {
    const patterns = ['*', 'a*', '*b', 'a*b', 'a?b', '?*', 'ab', 'a**b', 'a*?b', '*a*'];
    const values = ['', 'a', 'b', 'ab', 'aab', 'abb', 'axb', 'axyb', 'ba', 'bab'];
    for (const g of patterns) {
      for (const s of patterns) {
        if (!globSubsumes(g, s)) continue;
        for (const v of values) if (wildcardMatches(s, v)) assert.ok(wildcardMatches(g, v), `${g} ⊇ ${s} but ${v}`);
      }
    }
  });
});

describe('globsMayOverlap', () => {
  test('disjoint only when certain', () => {
    assert.equal(globsMayOverlap('ecs:Describe*', 'ecs:DescribeInstances'), true);
    assert.equal(globsMayOverlap('ecs:Describe*', 'oss:*'), false);
    assert.equal(globsMayOverlap('ecs:*', '*Instances'), true);
    assert.equal(globsMayOverlap('ecs:Get', 'ecs:Put'), false);
    assert.equal(globsMayOverlap('acs:oss:*:*:a/*', 'acs:oss:*:*:b/*'), true, 'middles are not compared: may overlap');
  });
});
