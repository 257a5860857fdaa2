import type { CallerContext } from '../caller';
import { AppError } from '../errors';

/**
 * A platform identity as one string: `wx:<OPENID>` for WeChat, `web:<uid>` for the browser. It is the
 * session's _id, and what the signal document's `_openid` is compared with (openid or uid).
 */
export function identityKeyOf(caller: CallerContext): string | null {
  if (caller.openId) return `wx:${caller.openId}`;
  if (caller.uid) return `web:${caller.uid}`;
  return null;
}

/** The value CloudBase stamps as `_openid` for this caller (openid in WeChat, uid on the web). */
export function platformOwnerOf(caller: CallerContext): string | null {
  return caller.openId ?? caller.uid ?? null;
}

/** The caller's identity key; actions that bind or count per caller refuse a caller without one (the console, a timer). */
export function requireIdentityKey(caller: CallerContext): string {
  const key = identityKeyOf(caller);
  if (!key) throw new AppError('UNAUTHENTICATED', '无法识别当前微信或浏览器身份，请在小程序或已登录的网页中操作');
  return key;
}
