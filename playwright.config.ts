// End-to-end tests against the production build (`next build` first, then `next start`).
// The server gets a fresh, empty data directory, so the demo seed runs through the real
// SQLite store exactly as on a first install. No retries: a flaky test is a failing test.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3217);
const baseURL = `http://127.0.0.1:${port}`;

// Workers re-evaluate this file; they inherit the directory from the runner through the env.
process.env.ACCESS_ATLAS_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'access-atlas-e2e-'));
const dataDir = process.env.ACCESS_ATLAS_E2E_DATA_DIR;

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  // Sign-in first (auth.setup.ts: users through the CLI, the admin through the sign-in page); every
  // spec then starts signed in as admin, and the sign-in spec signs in as the others itself.
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'app', dependencies: ['setup'], use: { storageState: join(dataDir, 'admin-state.json') } },
  ],
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      // The distribution's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // DATABASE_URL is dropped so the server uses the SQLite file in the fresh data dir.
    command: `env -u DATABASE_URL npx next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/sources`,
    env: { ACCESS_ATLAS_DATA_DIR: dataDir, ACCESS_ATLAS_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
