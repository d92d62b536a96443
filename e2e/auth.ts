// The e2e users (made by auth.setup.ts through the CLI, as an admin would) and their files: each
// user's password, the admin's signed-in browser state and an admin API token for program-like calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_DIR = process.env.ACCESS_ATLAS_E2E_DATA_DIR ?? '';
export const PASSWORD = 'e2e password, long enough';
/** admin: every source; viewer: every source, read only; team-a: only the demo RAM account. */
export const USERS = [
  { name: 'admin', role: 'admin', sources: null },
  { name: 'reviewer', role: 'reviewer', sources: null },
  { name: 'viewer', role: 'viewer', sources: null },
  { name: 'team-a', role: 'viewer', sources: 'demo-ram' },
] as const;
export const ADMIN_STATE = join(DATA_DIR, 'admin-state.json');
export const ADMIN_TOKEN_FILE = join(DATA_DIR, 'admin.token');

/** `{authorization}` for a program's request (the CLI's way): the admin's API token, no cookie, no CSRF token. */
export function asAdminProgram(): { authorization: string } {
  return { authorization: `Bearer ${readFileSync(ADMIN_TOKEN_FILE, 'utf8').trim()}` };
}
