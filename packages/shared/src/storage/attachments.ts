import { IMAGES_NOT_OWN, UPLOAD_PATH_PATTERN, type ImageView } from '@partner-desk/contract';
import type { Tenant } from '../data/tenant-scope';
import { AppError } from '../errors';
import { currentEnvId, temporaryLinks } from './cloud-files';

/**
 * Images attached to tickets, replies and chat messages. A client uploads into its own account's folder
 * (uploads/<userId>/…, @partner-desk/contract images.ts) and sends the fileIDs; before anything is written
 * each must be a file of this environment, under the caller's own folder, that exists — so nobody can
 * attach (and so read) another user's file, nor a file of another environment, nor one never uploaded.
 * Reading back, each image is answered with a short-lived URL fetched here on the server (the storage rule
 * lets a client read only its own uploads; colleagues of the same provider see them through these URLs,
 * and another provider's caller never reaches the document at all).
 */

/** How an attached image is shown: its fileID and a temporary URL. */
export type ImageOf = (fileID: string) => ImageView;

/** How long an image URL handed to a client stays valid. */
export const IMAGE_URL_MAX_AGE_SECONDS = 3600;

export type AttachmentProblem = 'not-a-file-id' | 'other-environment' | 'not-an-upload-path' | 'other-users-folder';

/** Why `fileID` may not be attached by `userId` in environment `envId`, or null (pure: nothing is fetched). */
export function attachmentProblem(fileID: string, owner: { envId: string; userId: string }): AttachmentProblem | null {
  const match = /^cloud:\/\/([^./]+)\.[^/]+\/(.+)$/.exec(fileID);
  if (!match) return 'not-a-file-id';
  if (match[1] !== owner.envId) return 'other-environment';
  const path = UPLOAD_PATH_PATTERN.exec(match[2]);
  if (!path) return 'not-an-upload-path';
  return path[1] === owner.userId ? null : 'other-users-folder';
}

const PROBLEM_TEXT: Record<AttachmentProblem | 'missing', string> = {
  'not-a-file-id': '不是云存储 fileID',
  'other-environment': '不属于本环境',
  'not-an-upload-path': '不在上传目录中',
  'other-users-folder': '不是本人上传的文件',
  missing: '文件不存在或已删除',
};

function refuse(index: number, problem: AttachmentProblem | 'missing', fileID: string): never {
  throw new AppError('INVALID_ARGUMENT', `第 ${index + 1} 张图片${PROBLEM_TEXT[problem]}。${IMAGES_NOT_OWN}`, { index, fileID, problem });
}

/** Checks the fileIDs' form against the caller (no I/O); INVALID_ARGUMENT names the first wrong one. */
export function checkOwnUploads(fileIDs: readonly string[], uploader: Pick<Tenant, 'userId'>, envId = currentEnvId()): void {
  fileIDs.forEach((fileID, index) => {
    const problem = attachmentProblem(fileID, { envId, userId: uploader.userId });
    if (problem) refuse(index, problem, fileID);
  });
}

/** Checks that every file exists (one storage round trip; none for an empty list). */
export async function assertUploadsExist(fileIDs: readonly string[]): Promise<void> {
  if (fileIDs.length === 0) return;
  const links = await temporaryLinks(fileIDs, 60);
  fileIDs.forEach((fileID, index) => {
    if (links.get(fileID)?.status !== 0) refuse(index, 'missing', fileID);
  });
}

/**
 * The view of each image, by fileID: a temporary URL for the files of this storage (one round trip for
 * all of them), null for a file that is gone. An older `https://` image (before uploads were fileIDs) is
 * its own URL.
 */
export async function imageViews(fileIDs: readonly string[]): Promise<ImageOf> {
  const stored = fileIDs.filter((id) => id.startsWith('cloud://'));
  const links = await temporaryLinks(stored, IMAGE_URL_MAX_AGE_SECONDS);
  return (fileID) => ({ fileID, url: fileID.startsWith('https://') ? fileID : (links.get(fileID)?.url ?? null) });
}
