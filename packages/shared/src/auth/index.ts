export * from './login-guard';
export * from './views';
export * from './actions';
