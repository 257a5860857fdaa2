export * from './views';
export * from './actions';
