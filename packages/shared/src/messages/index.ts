export * from './raise-message';
export * from './schemas';
export * from './message-view';
export * from './repository';
export * from './actions';
export * from './docs';
