export * from './repository';
export * from './actions';
