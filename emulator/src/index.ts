export { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from './suite';
export { loadProjectConfig } from './config';
export * from './types';
