export * from './usage-score';
export * from './list-plan';
export * from './customer-view';
export * from './repository';
export * from './actions';
