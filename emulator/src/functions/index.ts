export { FunctionsEmulator, type FunctionsEmulatorOptions } from './functions-emulator';
export { invocationEnvironment, parseHandler, workerEnvironment } from './function-environment';
