import { sqliteTestDatabase } from '../../../store/__tests__/test-databases';
import { defineSchedulerSuite } from './scheduler-suite';

defineSchedulerSuite('SQLite', () => Promise.resolve(sqliteTestDatabase()), false);
