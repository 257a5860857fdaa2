export * from './record-ping';
export * from './actions';
