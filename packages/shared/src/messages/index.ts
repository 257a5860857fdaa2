export * from './message-view';
export * from './repository';
export * from './actions';
