export { RealtimeEmulator, MAX_DOCS_PER_WATCH, REALTIME_PATH, type RealtimeEmulatorOptions } from './realtime-emulator';
export type { WireEvent, RequestMessage, ResponseMessage } from './watch-protocol';
