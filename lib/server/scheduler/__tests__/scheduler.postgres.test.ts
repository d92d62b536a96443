import { test } from 'node:test';
import { postgresTestDatabase } from '../../../store/__tests__/test-databases';
import { schedulerPgUrl, SCHEDULER_TEST_DATABASE } from './pg-url';
import { defineSchedulerSuite } from './scheduler-suite';

const url = schedulerPgUrl();

if (url) {
  defineSchedulerSuite(
    `PostgreSQL (database ${SCHEDULER_TEST_DATABASE}, two stores as two replicas)`,
    () => postgresTestDatabase(url),
    true,
  );
} else {
  test(
    'scheduler on PostgreSQL',
    {
      skip: 'ACCESS_ATLAS_TEST_PG_URL is not set, so the scheduler lease did not run on PostgreSQL (e.g. ACCESS_ATLAS_TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/access_atlas_test)',
    },
    () => {},
  );
}
