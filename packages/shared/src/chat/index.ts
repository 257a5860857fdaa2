export * from './schemas';
export * from './conversation-state';
export * from './chat-view';
export * from './repository';
export * from './receive-customer-message';
export * from './actions';
export * from './docs';
