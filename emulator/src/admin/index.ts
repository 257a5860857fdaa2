export { AdminEmulator, DEFAULT_MAX_BODY_BYTES, type AdminEmulatorOptions } from './admin-emulator';
export { parseTc3SecretId, secretIdFromHeaders } from './auth';
export { ACTIONS, supportedActions } from './dispatch';
export { AdminError, AdminErrorCode, COLLECTION_NOT_EXIST_MESSAGE, toErrorBody } from './errors';
export { decodeCommApiData, decodeCommOpenApiResp, encodeCommApiData, encodeOpenApiJsonResp } from './openapi-proto';
