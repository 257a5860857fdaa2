/** @partner-desk/cloud-client: the mini-program's one door to CloudBase. */
export { callCloud, watch, configureCloud, NETWORK_ERROR_MESSAGE, MALFORMED_RESULT_MESSAGE, type PayloadArgs, type CallResult } from './call-cloud';
export { selectTransport, type SelectTransportOptions } from './select-transport';
export { uploadFile, getTempFileURL, deleteFile, FILE_MESSAGES, UPLOAD_FAILED_MESSAGE, type FileOutcome, type FileError, type FileErrorCode } from './files';
export { createWxCloudTransport, type WxCloudLike, type WxFileItem } from './wx-cloud-transport';
export { createWebSdkTransport, type WebSdkTransportOptions, type CloudbaseLike, type CloudbaseAppLike, type JsSdkFileAnswer } from './web-sdk-transport';
export type { CloudTransport, FileTransport, WatchOptions, WatchHandle, WatchSnapshot, WatchDocChange, UploadFileOptions, PlatformFileResult } from './transport';
