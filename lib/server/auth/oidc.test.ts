// The OIDC settings and the mapping of an issuer's groups to a role and sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantOfGroups, groupsOf, OidcConfigError, oidcSettings, parseRoleMap } from './oidc';

const MAP = parseRoleMap('atlas-admins=admin; team-a=reviewer:cluster-a,ram-a; team-b=reviewer:cluster-b; everyone=viewer');

test('the highest role any group maps to, limited to the sources of the mappings granting it', () => {
  const cases: [string[], ReturnType<typeof grantOfGroups>][] = [
    [['atlas-admins', 'team-a'], { role: 'admin', sources: null }],
    [['team-a', 'team-b', 'everyone'], { role: 'reviewer', sources: ['cluster-a', 'ram-a', 'cluster-b'] }],
    [['everyone'], { role: 'viewer', sources: null }],
    [['team-a'], { role: 'reviewer', sources: ['cluster-a', 'ram-a'] }],
    [['strangers'], null],
    [[], null],
  ];
  for (const [groups, expected] of cases) assert.deepEqual(grantOfGroups(groups, MAP), expected, groups.join(','));
});

test('a group claim is a list of strings or one string; anything else is no group', () => {
  assert.deepEqual(groupsOf({ groups: ['a', 7, 'b'] }, 'groups'), ['a', 'b']);
  assert.deepEqual(groupsOf({ roles: 'a' }, 'roles'), ['a']);
  assert.deepEqual(groupsOf({ groups: { a: 1 } }, 'groups'), []);
});

test('settings: none without an issuer; a wrong or missing variable is named', () => {
  assert.equal(oidcSettings({}), null);
  const base = {
    ACCESS_ATLAS_OIDC_ISSUER: 'https://idp.example.com/realms/ops/',
    ACCESS_ATLAS_OIDC_CLIENT_ID: 'atlas',
    ACCESS_ATLAS_OIDC_CLIENT_SECRET: 's',
    ACCESS_ATLAS_OIDC_ROLE_MAP: 'ops=admin',
  };
  assert.deepEqual(oidcSettings(base), {
    issuer: 'https://idp.example.com/realms/ops',
    clientId: 'atlas',
    clientSecret: 's',
    groupsClaim: 'groups',
    mappings: [{ group: 'ops', role: 'admin', sources: null }],
  });
  for (const [change, variable] of [
    [{ ACCESS_ATLAS_OIDC_CLIENT_SECRET: '' }, 'ACCESS_ATLAS_OIDC_CLIENT_SECRET'],
    [{ ACCESS_ATLAS_OIDC_ROLE_MAP: 'ops=root' }, 'ACCESS_ATLAS_OIDC_ROLE_MAP'],
    [{ ACCESS_ATLAS_OIDC_ISSUER: 'not a url' }, 'ACCESS_ATLAS_OIDC_ISSUER'],
  ] as const) {
    assert.throws(
      () => oidcSettings({ ...base, ...change }),
      (e: unknown) => e instanceof OidcConfigError && e.variable === variable,
      variable,
    );
  }
});
