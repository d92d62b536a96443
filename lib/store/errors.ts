import 'server-only';

/** A request the store refuses: unknown ids, finishing a snapshot twice, inconsistent input. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The database cannot be used as configured: bad URL, non-local server under test, foreign migrations. */
export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}
