export { WebEmulator, type WebEmulatorOptions } from './web-emulator';
export { ClientAuthStore, DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from './client-auth-store';
export { WEB_CALLER_SOURCE } from './function-routes';
