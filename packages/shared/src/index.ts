/**
 * @partner-desk/shared: the server library bundled into every function (wx-server-sdk, node:crypto).
 * The wire contract is @partner-desk/contract; this package implements it: the router, identity, the
 * data layer (data/: the one place tenant scoping lives) and each domain's handlers and repositories
 * (imported by subpath, e.g. @partner-desk/shared/tickets).
 */
export * from './errors';
export * from './result';
export * from './caller';
export * from './router';
export * from './cloud';
export * from './time';
export * from './crypto/field-cipher';
export * from './crypto/password';
export * from './data/database';
export * from './data/database-errors';
export * from './data/ids';
export * from './data/paging';
export * from './data/tenant-scope';
export * from './data/transaction';
export * from './data/outbox-entry';
export * from './data/signals';
export * from './data/after-commit';
export * from './identity/identity-key';
export * from './identity/sessions';
