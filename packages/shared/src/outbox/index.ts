export * from './events';
export * from './retry-policy';
export * from './config';
export * from './repository';
export * from './deliver';
export * from './dead-letters';
