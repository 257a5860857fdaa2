export * from './ticket-state';
export * from './ticket-number';
export * from './ticket-view';
export * from './actions';
export * from './hq-update';
