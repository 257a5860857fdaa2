export * from './conversation-state';
export * from './chat-view';
export * from './receive-customer-message';
export * from './after-customer-message';
export * from './actions';
