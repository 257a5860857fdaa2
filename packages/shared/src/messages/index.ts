export * from './raise-message';
export * from './message-view';
export * from './actions';
