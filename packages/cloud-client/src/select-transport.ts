/**
 * Picks the transport from build-time configuration: wx.cloud in the mini-program (TARO_ENV=weapp),
 * the web SDK elsewhere (H5, local development against the emulator). The `process.env.X` reads are
 * written out literally because Taro/webpack (and esbuild's define) replace exactly those expressions.
 */
import type { CloudTransport } from './transport';
import { createWebSdkTransport } from './web-sdk-transport';
import { createWxCloudTransport, type WxCloudLike } from './wx-cloud-transport';

export interface SelectTransportOptions {
  /** Default: process.env.TARO_ENV. */
  taroEnv?: string;
  /** CloudBase env id for the web SDK. Default: process.env.TCB_ENV_ID. */
  envId?: string;
  /** Emulator web endpoint host:port. Default: process.env.TCB_EMULATOR_WEB_HOST. */
  webHost?: string;
  /** Default: the global wx.cloud. */
  wxCloud?: WxCloudLike;
}

export function selectTransport(options: SelectTransportOptions = {}): CloudTransport {
  const taroEnv = options.taroEnv ?? readBuildEnv(() => process.env.TARO_ENV);
  if (taroEnv === 'weapp') {
    const wxCloud = options.wxCloud ?? (globalThis as { wx?: { cloud?: WxCloudLike } }).wx?.cloud;
    if (!wxCloud) throw new Error('wx.cloud is not available: call wx.cloud.init() in app.ts first');
    return createWxCloudTransport(wxCloud);
  }
  const envId = options.envId ?? readBuildEnv(() => process.env.TCB_ENV_ID);
  if (!envId) throw new Error('TCB_ENV_ID is not configured for the web build');
  return createWebSdkTransport({ envId, webHost: options.webHost ?? readBuildEnv(() => process.env.TCB_EMULATOR_WEB_HOST) });
}

/** In a browser bundle without a define, `process` does not exist: treat that as unset. */
function readBuildEnv(read: () => string | undefined): string | undefined {
  try {
    return read() || undefined;
  } catch {
    return undefined;
  }
}
