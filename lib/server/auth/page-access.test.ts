// Every page in app/ declares what it needs of its visitor: a role (pageAccess or pageStore, which
// redirect to sign-in without a session) or, for sign-in and setup only, that it is public. A page
// that reads the store must read the caller's view of it, never the process store directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signInPath } from './path-header';

const appDir = join(import.meta.dirname, '..', '..', '..', 'app');

test('every page declares a role or, for sign-in and setup only, that it is public', () => {
  const pages = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('page.tsx'));
  assert.ok(pages.length >= 19, `found only ${pages.length} pages`);
  for (const page of pages) {
    const text = readFileSync(join(appDir, page), 'utf8');
    const isPublic = /\bpublicPage\('(sign-in|setup)'\)/.test(text);
    assert.equal(isPublic, page === join('sign-in', 'page.tsx') || page === join('setup', 'page.tsx'), `${page}: public?`);
    if (!isPublic) assert.match(text, /\bpage(Access|Store)\(/, `${page} does not ask pageAccess/pageStore for its visitor`);
  }
});

test('pages and their loaders never open the process store for a signed-in read', () => {
  const files = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('api'));
  for (const file of files) {
    const text = readFileSync(join(appDir, file), 'utf8');
    const publicPage = /\bpublicPage\(/.test(text) || file === 'layout.tsx';
    if (!publicPage) assert.doesNotMatch(text, /\bgetStore\(/, `${file} reads the store unscoped`);
  }
});

test('sign-in brings the visitor back to a local path only', () => {
  assert.equal(signInPath('/who-can?verb=get'), '/sign-in?next=%2Fwho-can%3Fverb%3Dget');
  assert.equal(signInPath('/'), '/sign-in');
  for (const bad of [null, '//evil.example/x', 'https://evil.example', 'x']) assert.equal(signInPath(bad), '/sign-in', String(bad));
});
