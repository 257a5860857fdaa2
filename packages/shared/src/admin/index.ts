export * from './audit';
export * from './customer-import';
export * from './actions';
export * from './dead-letters';
