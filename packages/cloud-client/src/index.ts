/** @partner-desk/cloud-client: the mini-program's one door to CloudBase. */
export { callCloud, watch, configureCloud, NETWORK_ERROR_MESSAGE, MALFORMED_RESULT_MESSAGE, type PayloadArgs, type CallResult } from './call-cloud';
export { selectTransport, type SelectTransportOptions } from './select-transport';
export { createWxCloudTransport, type WxCloudLike } from './wx-cloud-transport';
export { createWebSdkTransport, type WebSdkTransportOptions, type CloudbaseLike, type CloudbaseAppLike } from './web-sdk-transport';
export type { CloudTransport, WatchOptions, WatchHandle, WatchSnapshot, WatchDocChange } from './transport';
