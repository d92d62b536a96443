import { test } from 'node:test';
import { defineSuppressionSuite } from './suppressions-suite';
import { postgresTestDatabase } from './test-databases';

const url = process.env.ACCESS_ATLAS_TEST_PG_URL;

if (url) {
  defineSuppressionSuite('PostgreSQL', () => postgresTestDatabase(url));
} else {
  test(
    'suppression store on PostgreSQL',
    {
      skip: 'ACCESS_ATLAS_TEST_PG_URL is not set, so the suppression store did not run on PostgreSQL (e.g. ACCESS_ATLAS_TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/access_atlas_test)',
    },
    () => {},
  );
}
