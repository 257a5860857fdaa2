import { UPLOAD_PATH_PATTERN } from '@partner-desk/contract';

/**
 * The storage bucket's permission, as cloudbaserc.json's `storage` entry holds it (the values
 * `tcb storage rules update --acl CUSTOM --rules <json>` takes; scripts/generate-database-config.ts writes
 * it, the emulator reads it). Clients only ever reach their own files:
 *  - read: a file the caller uploaded (resource.openid is the uploader: OPENID in WeChat, uid on the web);
 *  - write (upload, overwrite, delete): the caller's own file, and only at an upload path
 *    (uploads/<userId>/<yyyymm>/<name>.<image ext>, packages/contract/src/images.ts).
 * Colleagues see an attached image through the temporary URL a function hands out with the ticket or
 * message (server SDKs are never held to these rules); another provider never gets one. The rule cannot
 * compare the <userId> folder with the caller (storage rules know the caller's openid/uid, not its
 * account): the functions check that before accepting a fileID (packages/shared/src/storage/).
 */
const OWNER = 'resource.openid == auth.openid || resource.openid == auth.uid';

export const storageAccess = {
  acl: 'CUSTOM',
  rules: {
    read: OWNER,
    write: `(${OWNER}) && /${UPLOAD_PATH_PATTERN.source}/.test(resource.path) == true`,
  },
} as const;
