import 'server-only';
// The pages' side of sign-in: every page asks pageAccess (or pageStore) for the role it needs before it
// reads anything. Without a session the visitor is sent to sign in and brought back; with a role too
// small, to the overview with a note. The store handed back is the caller's view of it (scoped-store.ts),
// so a page never reads a source its caller may not see. Cached per request: the layout and the page
// ask once between them.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Store } from '../../store';
import { getStore } from '../store-instance';
import { resolveCaller, type Caller } from './caller';
import { PATH_HEADER, signInPath } from './path-header';
import { roleAtLeast, type Role } from './roles';
import { hiddenSourceCount, scopedStore } from './scoped-store';

/** The signed-in caller of this request, or null (the layout asks this; it never redirects). */
export const currentCaller = cache(async (): Promise<Caller | null> => {
  const store = await getStore();
  return (await resolveCaller(store, await headers())).caller;
});

export async function pageAccess(required: Role = 'viewer'): Promise<{ caller: Caller; store: Store }> {
  const caller = await currentCaller();
  if (!caller) redirect(signInPath((await headers()).get(PATH_HEADER)));
  if (!roleAtLeast(caller.role, required)) redirect(`/?needs=${required}`);
  return { caller, store: scopedStore(await getStore(), caller.sources) };
}

/** The store as this page's caller may see it, after checking they hold `required`. */
export async function pageStore(required: Role = 'viewer'): Promise<Store> {
  return (await pageAccess(required)).store;
}

/** Marks a page that anyone may open (sign-in, setup); the walk of app/ in page-access.test.ts asks each page for this or pageAccess. */
export function publicPage(_why: 'sign-in' | 'setup'): void {}

/** How many sources this page's caller may not see (0 for a caller who sees every one), so a list can say so. */
export async function hiddenSourcesOfPage(): Promise<number> {
  const caller = await currentCaller();
  return caller ? hiddenSourceCount(await getStore(), caller.sources) : 0;
}
