/** Cloud storage: the service behind the admin and web doors, its own HTTP port, and the rules. */
export { StorageEmulator, type StorageEmulatorOptions } from './storage-emulator';
export {
  StorageService,
  SERVER_CALLER,
  StorageCode,
  CosError,
  MAX_FILES_PER_CALL,
  DEFAULT_URL_MAX_AGE_SECONDS,
  DEFAULT_MAX_OBJECT_BYTES,
  type StorageCaller,
  type StorageServiceOptions,
  type UploadTicket,
  type DownloadOutcome,
  type DeleteOutcome,
} from './storage-service';
export { StorageRules, DEFAULT_STORAGE_ACCESS, type StorageResource } from './storage-rules';
export { bucketOf, fileIdOf, parseFileId, cloudPathProblem, isPreviewableImage } from './file-ids';
export type { StoredObject } from './object-store';
export { uploadMetadataAnswer, downloadListAnswer, deleteListAnswer, downloadRequests } from './answer-shapes';
