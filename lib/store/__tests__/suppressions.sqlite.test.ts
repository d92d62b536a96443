import { defineSuppressionSuite } from './suppressions-suite';
import { sqliteTestDatabase } from './test-databases';

defineSuppressionSuite('SQLite', () => Promise.resolve(sqliteTestDatabase()));
