export * from './schemas';
export * from './ticket-state';
export * from './ticket-number';
export * from './ticket-view';
export * from './repository';
export * from './actions';
export * from './docs';
