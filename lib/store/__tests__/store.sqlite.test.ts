import { defineStoreSuite } from './store-suite';
import { sqliteTestDatabase } from './test-databases';

defineStoreSuite('SQLite', () => Promise.resolve(sqliteTestDatabase()));
