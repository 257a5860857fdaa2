/**
 * What stands for COS's signatures here: HMAC-SHA256 under one secret per data folder, kept in
 * `storage/signing-key` (0600 in the 0700 storage folder, like web-auth.json: whoever reads it can mint
 * download URLs for any file), so temporary URLs and upload grants survive a restart until they expire.
 *  - A temporary download URL carries `sign` (over the key and the expiry) and `t` (the expiry, epoch
 *    seconds), the query CloudBase's temporary URLs carry.
 *  - An upload grant (getUploadMetadata's `token`, sent back as `x-cos-security-token`) is a signed,
 *    self-describing ticket: which key, whose file it becomes, until when, and the length and type the
 *    client declared (js-sdk signs them into the request, as COS's signature covers signed headers).
 *    `authorization` is derived from the token, as COS's is from its signing key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, writePrivateFile } from '../database/private-files';

export interface UploadGrant {
  key: string;
  /** The owner the file gets (resource.openid in rules): the client's openid or uid; null for the server SDKs. */
  owner: string | null;
  /** Epoch ms after which the grant is refused. */
  expiresAt: number;
  /** Signed `content-length`, when the client declared one. */
  contentLength?: number;
  /** Signed `content-type`, when the client declared one. */
  contentType?: string;
  /** Owner of the file at the key when the upload was granted (null: a server's file); absent when there was none. */
  checkedOwner?: string | null;
}

const KEY_FILE = 'signing-key';

export class Signatures {
  private readonly secret: Buffer;

  /** `dir` is the (private) storage folder; without one the secret lives in memory only. */
  constructor(dir?: string) {
    this.secret = dir ? loadOrCreateSecret(path.join(dir, KEY_FILE)) : crypto.randomBytes(32);
  }

  private mac(...parts: string[]): string {
    return crypto.createHmac('sha256', this.secret).update(parts.join('\n')).digest('hex');
  }

  /** `sign` of a temporary URL to `key` valid until `expiresAtSeconds`. */
  signDownload(key: string, expiresAtSeconds: number): string {
    return this.mac('download', key, String(expiresAtSeconds));
  }

  verifyDownload(key: string, sign: string, expiresAtSeconds: string): boolean {
    return /^\d{1,12}$/.test(expiresAtSeconds) && safeEqual(sign, this.signDownload(key, Number(expiresAtSeconds)));
  }

  issueUpload(grant: UploadGrant): { token: string; authorization: string; cosFileId: string } {
    const body = Buffer.from(JSON.stringify(grant), 'utf8').toString('base64url');
    const token = `${body}.${this.mac('upload', body)}`;
    return { token, authorization: this.authorizationOf(token, grant.expiresAt), cosFileId: this.cosFileIdOf(grant.key, token) };
  }

  /** The grant a token stands for, or why it is refused (COS answers 403 either way). */
  readUpload(token: string | undefined): { ok: true; grant: UploadGrant } | { ok: false; reason: string } {
    if (!token) return { ok: false, reason: 'the request carries no x-cos-security-token' };
    const [body, mac] = token.split('.');
    if (!body || !mac || !safeEqual(mac, this.mac('upload', body))) return { ok: false, reason: 'the security token was not issued by this storage service' };
    try {
      return { ok: true, grant: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as UploadGrant };
    } catch {
      return { ok: false, reason: 'the security token is malformed' };
    }
  }

  /** A COS-style authorization value whose q-signature is bound to the token. */
  authorizationOf(token: string, expiresAt: number): string {
    const end = Math.floor(expiresAt / 1000);
    const start = end - 600;
    return `q-sign-algorithm=sha256&q-ak=emulator&q-sign-time=${start};${end}&q-key-time=${start};${end}&q-header-list=&q-url-param-list=&q-signature=${this.mac('authorization', token)}`;
  }

  /** `x-cos-meta-fileid`: ties the object to the grant it was uploaded under. */
  cosFileIdOf(key: string, token: string): string {
    return this.mac('meta', key, token).slice(0, 32);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function loadOrCreateSecret(file: string): Buffer {
  if (fs.existsSync(file)) {
    // A key file left with wider permissions is closed before it is used.
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE);
    const saved = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (saved.length >= 32) return saved;
  }
  const secret = crypto.randomBytes(32);
  writePrivateFile(file, secret.toString('base64'));
  return secret;
}
