export * from './types.js';
export { StoreErrors } from './errors.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { openStore, defaultDbPath, type OpenStoreOptions } from './open-store.js';
export { readSource, isDbSource, type ReadSourceOptions } from './read-source.js';
export { importFile, exportFile } from './transfer.js';
export { entityAgreement, type AgreementResult, type PairAgreement } from './agreement.js';
