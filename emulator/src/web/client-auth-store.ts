/**
 * Web end users and their tokens. Tokens are opaque random strings looked up here (no JWT to forge or to
 * decode client-side: the js-sdk only needs access_token/refresh_token/expires_in). Persisted to one JSON
 * file in the data folder, so a restarted emulator keeps browsers signed in. That file holds live bearer
 * tokens: it is readable by its owner only (0600), in a folder only its owner can enter (0700), so another
 * account on the same machine cannot sign in as a browser user.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClientAuth, ClientAuthenticator } from '../types';

export interface WebUser {
  uid: string;
  loginType: 'ANONYMOUS';
  createdAt: string;
}

interface AccessTokenRecord {
  uid: string;
  expiresAt: number;
}

interface StoreFile {
  users: WebUser[];
  accessTokens: Record<string, AccessTokenRecord>;
  refreshTokens: Record<string, string>;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  sub: string;
}

export type TokenCheck = { ok: true; user: WebUser } | { ok: false; reason: 'invalid' | 'expired' };

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 7200;
const FILE_NAME = 'web-auth.json';
/** Owner read/write only: the file holds live tokens. */
export const AUTH_FILE_MODE = 0o600;
/** Owner only: nobody else may list, read or replace the files holding secrets. */
export const AUTH_FOLDER_MODE = 0o700;

function randomToken(prefix: string): string {
  return `${prefix}.${crypto.randomBytes(24).toString('base64url')}`;
}

export class ClientAuthStore implements ClientAuthenticator {
  private readonly users = new Map<string, WebUser>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly file?: string;

  constructor(
    private readonly options: { dataDir?: string; accessTokenTtlSeconds?: number; clock?: () => number } = {},
  ) {
    if (options.dataDir) {
      this.file = path.join(options.dataDir, FILE_NAME);
      this.load();
    }
  }

  private get ttlSeconds(): number {
    return this.options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  signInAnonymously(): IssuedTokens {
    const user: WebUser = { uid: crypto.randomUUID().replace(/-/g, ''), loginType: 'ANONYMOUS', createdAt: new Date(this.now()).toISOString() };
    this.users.set(user.uid, user);
    return this.issue(user);
  }

  /** grant_type=refresh_token: a new access token and a rotated refresh token (the old one stops working). */
  refresh(refreshToken: string): IssuedTokens | null {
    const uid = this.refreshTokens.get(refreshToken);
    const user = uid === undefined ? undefined : this.users.get(uid);
    if (!user) return null;
    this.refreshTokens.delete(refreshToken);
    return this.issue(user);
  }

  checkAccessToken(token: string): TokenCheck {
    const record = this.accessTokens.get(token);
    const user = record && this.users.get(record.uid);
    if (!record || !user) return { ok: false, reason: 'invalid' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, user };
  }

  verifyAccessToken(token: string): ClientAuth | null {
    const check = this.checkAccessToken(token);
    return check.ok ? clientAuthOf(check.user) : null;
  }

  user(uid: string): WebUser | undefined {
    return this.users.get(uid);
  }

  private issue(user: WebUser): IssuedTokens {
    const accessToken = randomToken('at');
    const refreshToken = randomToken('rt');
    // Expired access tokens are dropped on every issue so the map stays bounded by live sessions.
    const now = this.now();
    for (const [token, record] of this.accessTokens) if (record.expiresAt <= now) this.accessTokens.delete(token);
    this.accessTokens.set(accessToken, { uid: user.uid, expiresAt: now + this.ttlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, user.uid);
    this.save();
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: this.ttlSeconds, token_type: 'Bearer', scope: 'anonymous', sub: user.uid };
  }

  private load(): void {
    if (!this.file || !fs.existsSync(this.file)) return;
    // A file left by an older emulator may be world-readable: close it before reading the tokens in.
    limitToOwner(path.dirname(this.file), AUTH_FOLDER_MODE);
    limitToOwner(this.file, AUTH_FILE_MODE);
    const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as StoreFile;
    for (const user of data.users ?? []) this.users.set(user.uid, user);
    for (const [token, record] of Object.entries(data.accessTokens ?? {})) this.accessTokens.set(token, record);
    for (const [token, uid] of Object.entries(data.refreshTokens ?? {})) this.refreshTokens.set(token, uid);
  }

  private save(): void {
    if (!this.file) return;
    const data: StoreFile = {
      users: [...this.users.values()],
      accessTokens: Object.fromEntries(this.accessTokens),
      refreshTokens: Object.fromEntries(this.refreshTokens),
    };
    // Write-then-rename: a crash mid-write leaves the previous file, never a truncated one. The mode is
    // set on the open descriptor, so the tokens are never readable by others, not even for a moment, and
    // a stale .tmp left by a crash (created with other permissions) is closed too.
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: AUTH_FOLDER_MODE });
    limitToOwner(dir, AUTH_FOLDER_MODE);
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', AUTH_FILE_MODE);
    try {
      fs.fchmodSync(fd, AUTH_FILE_MODE);
      fs.writeFileSync(fd, JSON.stringify(data));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}

/** chmod to `mode` when the permission bits differ (a no-op where the platform has none, e.g. Windows). */
function limitToOwner(target: string, mode: number): void {
  if (process.platform === 'win32') return;
  if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
}

export function clientAuthOf(user: WebUser): ClientAuth {
  return { uid: user.uid, loginType: user.loginType };
}
