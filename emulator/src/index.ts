export { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from './suite';
export { ConfigError, DATABASE_PLUGIN, loadProjectConfig } from './config';
export { DataDirLockedError, LOCK_FILE } from './data-dir-lock';
export { EmulatorLogger, type LogEntry, type LogLevel, type LogSink, type LogThreshold } from './logger';
export { MAX_JSON_DEPTH } from './json-depth';
export { countSequentialRoundTrips, type Interval } from './functions/round-trips';
export { FREE_PORTS, DEFAULT_PORTS } from './constants';
export { StorageService, SERVER_CALLER, type StorageCaller, type StoredObject } from './storage';
export * from './types';
