export { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from './suite';
export { loadProjectConfig } from './config';
export { countSequentialRoundTrips, type Interval } from './functions/round-trips';
export * from './types';
