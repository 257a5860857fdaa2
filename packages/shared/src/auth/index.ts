export * from './schemas';
export * from './login-guard';
export * from './views';
export { authActions } from './actions';
