export * from './raise-message';
