export * from './schemas';
export * from './ticket-state';
export * from './ticket-number';
export * from './ticket-view';
export * from './transaction-retry';
export * from './outbox-entry';
export * from './repository';
export * from './actions';
