export * from './schemas';
export * from './customer-import';
export { adminActions, DEFAULT_EXPIRY_ALERT_DAYS } from './actions';
