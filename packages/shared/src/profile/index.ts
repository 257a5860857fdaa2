export * from './schemas';
export * from './views';
export { profileActions } from './actions';
