import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySecurityHeaders } from './security-headers';

test('HSTS is sent only when the dashboard is served over https (its public URL says so)', () => {
  const https = new Headers();
  applySecurityHeaders(https, undefined, { ACCESS_ATLAS_PUBLIC_URL: 'https://atlas.example.com' });
  assert.equal(https.get('strict-transport-security'), 'max-age=31536000');
  for (const env of [{}, { ACCESS_ATLAS_PUBLIC_URL: 'http://atlas.internal:3000' }]) {
    const plain = new Headers();
    applySecurityHeaders(plain, undefined, env);
    assert.equal(plain.get('strict-transport-security'), null, JSON.stringify(env));
    assert.equal(plain.get('x-content-type-options'), 'nosniff');
  }
});
