import cloud from 'wx-server-sdk';
import type { CallerContext } from './caller';

let initialised = false;

/**
 * The one wx-server-sdk instance of a function process, initialised lazily for the current environment
 * (DYNAMIC_CURRENT_ENV follows the invocation's env, so the same bundle runs in every environment).
 */
export function getCloud(): typeof cloud {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export function getDatabase() {
  return getCloud().database();
}

/**
 * Identity comes from the platform: OPENID for WeChat callers, the CloudBase uid (TCB_UUID) for web
 * callers; neither present means the console, a timer or another function is calling.
 */
export function readCallerContext(): CallerContext {
  const wx = getCloud().getWXContext() as Record<string, string | undefined>;
  const uid = process.env.TCB_UUID || undefined;
  const openId = wx.OPENID || undefined;
  return {
    openId,
    appId: wx.APPID || undefined,
    unionId: wx.UNIONID || undefined,
    uid,
    isConsole: !openId && !uid,
    requestId: process.env.TCB_SEQID || undefined,
  };
}
