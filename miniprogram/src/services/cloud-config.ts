import { configureCloud, createWebSdkTransport } from '@partner-desk/cloud-client';

/**
 * Where the H5 build finds CloudBase when it is served by `npm start` (scripts/start-local.ts): that server
 * writes `window.__PD_CLOUD__ = { envId, webHost }` into index.html as it serves it, naming the emulator's
 * web endpoint of this very run (its port can differ per run, e.g. in tests). One build then works against
 * any emulator, and a production build (no such line: static hosting serves the file as built) keeps the
 * env id fixed at build time and talks to Tencent Cloud.
 */
export interface PageCloudConfig {
  envId: string;
  /** host:port of a CloudBase-compatible web endpoint (the emulator). */
  webHost?: string;
}

export const PAGE_CLOUD_CONFIG_GLOBAL = '__PD_CLOUD__';

export function readPageCloudConfig(scope: unknown = globalThis): PageCloudConfig | null {
  const value = (scope as Record<string, unknown> | undefined)?.[PAGE_CLOUD_CONFIG_GLOBAL];
  if (!value || typeof value !== 'object') return null;
  const { envId, webHost } = value as Record<string, unknown>;
  if (typeof envId !== 'string' || envId === '') return null;
  return { envId, webHost: typeof webHost === 'string' && webHost !== '' ? webHost : undefined };
}

/** In H5, use the page's config when the server gave one; otherwise cloud-client's build-time choice stands. */
export function configureCloudFromPage(): void {
  if (process.env.TARO_ENV !== 'h5') return;
  const config = readPageCloudConfig();
  if (config) configureCloud(createWebSdkTransport(config));
}
