export { FunctionsEmulator, type FunctionsEmulatorOptions } from './functions-emulator';
export { invocationEnvironment, parseHandler, workerEnvironment } from './function-environment';
export { countSequentialRoundTrips, withSequentialRoundTrips, type Interval } from './round-trips';
