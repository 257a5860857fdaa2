export * from './views';
export * from './subscribe-credits';
export * from './wechat-phone';
export * from './actions';
export * from './team';
export * from './subscribe-messages';
export * from './provider-settings';
