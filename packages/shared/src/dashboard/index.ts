export * from './resolution-rate';
export * from './repository';
export * from './actions';
