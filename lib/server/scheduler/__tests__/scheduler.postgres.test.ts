import { test } from 'node:test';
import { postgresTestDatabase } from '../../../store/__tests__/test-databases';
import { defineSchedulerSuite } from './scheduler-suite';

/** The scheduler's own database on the test server, so its schemas never mix with the store suite's. */
export const SCHEDULER_TEST_DATABASE = 'access_atlas_sched_test';

const base = process.env.ACCESS_ATLAS_TEST_PG_URL;

if (base) {
  const url = new URL(base);
  url.pathname = `/${SCHEDULER_TEST_DATABASE}`;
  defineSchedulerSuite('PostgreSQL (two stores, as two replicas)', () => postgresTestDatabase(url.toString()), true);
} else {
  test('scheduler on PostgreSQL', {
    skip: 'ACCESS_ATLAS_TEST_PG_URL is not set, so the scheduler lease did not run on PostgreSQL (e.g. ACCESS_ATLAS_TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/access_atlas_test)',
  }, () => {});
}
