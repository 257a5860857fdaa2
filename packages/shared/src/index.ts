export * from './errors';
export * from './result';
export * from './action';
export * from './cloud';
export * from './health/record-ping';
