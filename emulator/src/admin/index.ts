export { AdminEmulator, DEFAULT_MAX_BODY_BYTES, type AdminEmulatorOptions } from './admin-emulator';
export { parseTc3SecretId, secretIdFromHeaders } from './auth';
export { ACTIONS, supportedActions } from './dispatch';
export { decodeCommApiData, decodeCommOpenApiResp, encodeCommApiData, encodeOpenApiJsonResp } from './openapi-proto';
export { phoneNumberForCode } from './openapi-actions';
