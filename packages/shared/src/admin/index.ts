export * from './audit';
export * from './customer-import';
export * from './actions';
