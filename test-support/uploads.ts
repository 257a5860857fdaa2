/**
 * Files in the emulator's storage as a client puts them there: the upload metadata the SDK asks for
 * (as that client, so the storage rule applies and the file becomes theirs), then the PUT of the content
 * to the URL it names. A WeChat client is its OPENID, a browser its CloudBase uid.
 */
import { newUploadPath } from '@partner-desk/contract';
import type { RunningEmulators } from '../emulator/src/suite';

/** A 1×1 PNG (real image bytes, so a browser can decode what it gets). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

export type StorageClient = { openid: string } | { uid: string };

/** Uploads `content` to `cloudPath` as `client`; answers the fileID (throws when the storage refuses). */
export async function uploadAs(emu: RunningEmulators, client: StorageClient, cloudPath: string, content: Buffer = TINY_PNG): Promise<string> {
  const auth = 'openid' in client ? { openid: client.openid, loginType: 'WECHAT-OPEN' } : { uid: client.uid, loginType: 'ANONYMOUS' };
  const ticket = await emu.storage.prepareUpload({ kind: 'client', auth }, cloudPath);
  const res = await fetch(ticket.url, {
    method: 'PUT',
    headers: { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId, 'content-type': 'image/png' },
    body: content,
  });
  if (res.status !== 200) throw new Error(`upload of ${cloudPath} failed: ${res.status} ${await res.text()}`);
  return ticket.fileId;
}

/** An image uploaded as `client` into the account `userId`'s folder, as the app does it; answers the fileID. */
export function uploadImage(emu: RunningEmulators, client: StorageClient, userId: string): Promise<string> {
  return uploadAs(emu, client, newUploadPath(userId, { extension: 'png' }));
}
