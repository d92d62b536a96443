import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ALLOWED_HOSTS, type HostPolicy } from './allowed-hosts';
import { checkHost, checkJsonType, checkMultipartType, checkOrigin, checkPathEncoding, guardRequest } from './request-guard';

const local: HostPolicy = { hosts: DEFAULT_ALLOWED_HOSTS, publicOrigin: null };
const behindProxy: HostPolicy = {
  hosts: [...DEFAULT_ALLOWED_HOSTS, { name: 'atlas.example.com', port: null }],
  publicOrigin: 'https://atlas.example.com',
};
const headers = (h: Record<string, string>) => new Headers(h);

describe('origin check', () => {
  const host = { host: '127.0.0.1:3000' };
  const cases: { name: string; method: string; headers: Record<string, string>; policy?: HostPolicy; refusedBy: string | null }[] = [
    {
      name: 'same-origin fetch (Chromium sends both)',
      method: 'POST',
      headers: { ...host, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      refusedBy: null,
    },
    { name: 'no Origin, no Sec-Fetch-Site: curl, the CLI', method: 'DELETE', headers: host, refusedBy: null },
    {
      name: 'cross-site form post',
      method: 'POST',
      headers: { ...host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      refusedBy: 'Sec-Fetch-Site',
    },
    {
      name: 'Sec-Fetch-Site cross-site without Origin',
      method: 'POST',
      headers: { ...host, 'sec-fetch-site': 'cross-site' },
      refusedBy: 'Sec-Fetch-Site',
    },
    {
      name: 'another port of the same host is same-site, not same-origin',
      method: 'PUT',
      headers: { ...host, origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site' },
      refusedBy: 'Sec-Fetch-Site',
    },
    {
      name: 'Origin of another port without Sec-Fetch-Site',
      method: 'POST',
      headers: { ...host, origin: 'http://127.0.0.1:8080' },
      refusedBy: 'Origin',
    },
    { name: 'opaque Origin (sandboxed frame, data: URL)', method: 'POST', headers: { ...host, origin: 'null' }, refusedBy: 'Origin' },
    { name: 'Sec-Fetch-Site none on a write', method: 'POST', headers: { ...host, 'sec-fetch-site': 'none' }, refusedBy: 'Sec-Fetch-Site' },
    {
      name: 'cross-site GET is a read: not this check',
      method: 'GET',
      headers: { ...host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      refusedBy: null,
    },
    {
      name: 'the public origin behind a reverse proxy',
      method: 'POST',
      headers: { host: '127.0.0.1:3000', origin: 'https://atlas.example.com', 'sec-fetch-site': 'same-origin' },
      policy: behindProxy,
      refusedBy: null,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const refused = checkOrigin(c.method, headers(c.headers), c.policy ?? local);
      assert.equal(refused?.param ?? null, c.refusedBy);
      if (refused) assert.equal(refused.code, 'forbidden');
    });
  }
});

describe('host check', () => {
  test('an unknown Host is misdirected (421), on reads too', () => {
    const refused = guardRequest('GET', headers({ host: 'evil.example:3000' }), local);
    assert.equal(refused?.code, 'misdirected');
    assert.equal(refused?.param, 'Host');
    assert.match(refused?.message ?? '', /ACCESS_ATLAS_ALLOWED_HOSTS/);
  });
  test('a loopback Host passes', () => assert.equal(checkHost(headers({ host: 'localhost:3000' }), local), null));
});

describe('content types', () => {
  const cases: { type: string | null; json: boolean; multipart: boolean }[] = [
    { type: 'application/json', json: true, multipart: false },
    { type: 'application/json; charset=utf-8', json: true, multipart: false },
    { type: 'Application/JSON', json: true, multipart: false },
    { type: 'text/plain', json: false, multipart: false },
    { type: 'text/plain; charset=utf-8', json: false, multipart: false },
    { type: 'multipart/form-data; boundary=x', json: false, multipart: true },
    { type: 'application/x-www-form-urlencoded', json: false, multipart: false },
    { type: 'application/json-patch+json', json: false, multipart: false },
    { type: null, json: false, multipart: false },
  ];
  for (const c of cases) {
    test(`${c.type ?? '(none)'}`, () => {
      const h = headers(c.type === null ? {} : { 'content-type': c.type });
      const json = checkJsonType(h);
      assert.equal(json === null, c.json);
      if (json) assert.deepEqual([json.code, json.param], ['unsupported-media-type', 'Content-Type']);
      assert.equal(checkMultipartType(h) === null, c.multipart);
    });
  }
});

describe('path encoding', () => {
  test('a path that is not percent-encoded UTF-8 is invalid, naming the path', () => {
    assert.deepEqual(checkPathEncoding('/sources/%ff'), {
      code: 'invalid',
      param: 'path',
      message: 'the URL path is not valid percent-encoded UTF-8',
    });
    assert.equal(checkPathEncoding('/sources/%E2%9C%93'), null);
    assert.equal(checkPathEncoding('/sources/demo-cluster'), null);
  });
});
