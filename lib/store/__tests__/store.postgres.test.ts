import { test } from 'node:test';
import { defineStoreSuite } from './store-suite';
import { postgresTestDatabase } from './test-databases';

const url = process.env.ACCESS_ATLAS_TEST_PG_URL;

if (url) {
  defineStoreSuite('PostgreSQL', () => postgresTestDatabase(url));
} else {
  test(
    'store on PostgreSQL',
    {
      skip: 'ACCESS_ATLAS_TEST_PG_URL is not set, so the store suite did not run on PostgreSQL (e.g. ACCESS_ATLAS_TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/access_atlas_test)',
    },
    () => {},
  );
}
