// Removes the e2e server's temporary data directory (created in playwright.config.ts).
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.ACCESS_ATLAS_E2E_DATA_DIR;
  if (dir && dir.includes('access-atlas-e2e-')) rmSync(dir, { recursive: true, force: true });
}
