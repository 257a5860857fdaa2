import type { CollectionDeclaration } from '../declaration';

/** One counter document written by health.ping; clients never touch it. */
export const healthChecks: CollectionDeclaration = {
  collectionName: 'health_checks',
  createIndexes: [],
  aclRule: {},
};
