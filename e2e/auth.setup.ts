// Runs before every spec: adds the e2e users with the CLI on the server's own database (as an admin
// would on a fresh install: `access-atlas users add ... --password-stdin`), makes an API token, and
// signs in as admin through the sign-in page, keeping the browser state the specs start from.
import { expect, test as setup } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ADMIN_STATE, ADMIN_TOKEN_FILE, DATA_DIR, PASSWORD, USERS } from './auth';

function cli(args: string[], input = ''): string {
  const run = spawnSync(process.execPath, ['bin/access-atlas.mjs', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ACCESS_ATLAS_DATA_DIR: DATA_DIR, DATABASE_URL: '' },
  });
  if (run.status !== 0) throw new Error(`access-atlas ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

setup('users, a token, and the admin signed in', async ({ page }) => {
  for (const user of USERS) {
    cli(
      ['users', 'add', user.name, '--role', user.role, ...(user.sources ? ['--sources', user.sources] : []), '--password-stdin'],
      `${PASSWORD}\n`,
    );
  }
  writeFileSync(ADMIN_TOKEN_FILE, cli(['tokens', 'create', '--user', 'admin', '--name', 'e2e', '--role', 'admin']), { mode: 0o600 });
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toContainText('admin');
  await page.context().storageState({ path: ADMIN_STATE });
});
