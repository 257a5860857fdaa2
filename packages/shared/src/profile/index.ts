export * from './views';
export * from './subscribe-credits';
export * from './wechat-phone';
export * from './actions';
export * from './team';
