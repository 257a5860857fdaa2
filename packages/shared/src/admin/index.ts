export * from './customer-import';
export * from './actions';
