/**
 * The wire format and error shapes shared by the emulator's CloudBase API doors: the server SDK endpoint
 * (admin/) and the browser SDK endpoint (web/). Neither door imports the other's internals.
 */
export { ApiError, ApiErrorCode, COLLECTION_NOT_EXIST_MESSAGE, invalidParam, isExpectedError, toErrorBody, type ErrorBody } from './errors';
export { decodeJsonObject, decodeJsonValue, type RequestParams } from './json-body';
export { DEFAULT_LIMIT, MAX_LIMIT, intParam, resolveLimit, sortOf } from './query-params';
export { decodeEjson, decodeObject, encodeDocs, replaceServerDates, stringifyEjson } from './server-ejson';
export { decodeClientObject, decodeClientValue, encodeClientDoc } from './client-ejson';
export { isPlainObject } from '../database/values';
