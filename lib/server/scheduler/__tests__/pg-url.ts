// The scheduler tests' own database on the test server (ACCESS_ATLAS_TEST_PG_URL with its
// database name replaced), so their schemas never mix with the store suite's.
export const SCHEDULER_TEST_DATABASE = 'access_atlas_sched_test';

/** Null when ACCESS_ATLAS_TEST_PG_URL is unset: the PostgreSQL tests are then skipped. */
export function schedulerPgUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const base = env.ACCESS_ATLAS_TEST_PG_URL;
  if (!base) return null;
  const url = new URL(base);
  url.pathname = `/${SCHEDULER_TEST_DATABASE}`;
  return url.toString();
}
