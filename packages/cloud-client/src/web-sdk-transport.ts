/**
 * The browser transport (H5 build, and the local emulator's web SDK endpoint): @cloudbase/js-sdk 3.7.
 * A browser user signs in anonymously on first use; every call and watch waits for that.
 */
import type { CloudTransport, WatchHandle, WatchOptions, WatchSnapshot } from './transport';

/** The part of the js-sdk's `cloudbase` namespace used here (the real module satisfies it). */
export interface CloudbaseLike {
  init(config: { env: string }): CloudbaseAppLike;
}

export interface CloudbaseAppLike {
  /** Points every endpoint of this app at host:port (the emulator's web endpoint). */
  registerHost(host: string, protocol?: 'http' | 'https'): void;
  auth(): {
    getLoginState(): Promise<unknown>;
    signInAnonymously(): Promise<{ error?: unknown } | unknown>;
  };
  callFunction(options: { name: string; data: unknown }): Promise<{ result?: unknown }>;
  database(): {
    collection(name: string): {
      where(filter: Record<string, unknown>): {
        watch(options: { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void }): { close(): Promise<unknown> | unknown };
      };
    };
  };
}

export interface WebSdkTransportOptions {
  envId: string;
  /**
   * host:port of a CloudBase-compatible web endpoint, e.g. the emulator's TCB_EMULATOR_WEB_HOST
   * ("127.0.0.1:4403"); unset in production, where the SDK talks to Tencent Cloud.
   */
  webHost?: string;
  /** Protocol for webHost (default http: the emulator is local). */
  webProtocol?: 'http' | 'https';
  /** The js-sdk module; loaded on first use when not given. */
  cloudbase?: CloudbaseLike;
}

export function createWebSdkTransport(options: WebSdkTransportOptions): CloudTransport {
  let app: CloudbaseAppLike | undefined;
  let signedIn: Promise<CloudbaseAppLike> | undefined;

  const getApp = (): CloudbaseAppLike => {
    if (!app) {
      app = (options.cloudbase ?? loadJsSdk()).init({ env: options.envId });
      if (options.webHost) app.registerHost(options.webHost, options.webProtocol ?? 'http');
    }
    return app;
  };

  /** Anonymous sign-in once per page; a failure is retried by the next call instead of sticking. */
  const ready = (): Promise<CloudbaseAppLike> => {
    signedIn ??= (async () => {
      const current = getApp();
      const auth = current.auth();
      if (!(await auth.getLoginState())) {
        const res = await auth.signInAnonymously();
        // js-sdk v3 answers { data, error } instead of throwing.
        const error = res && typeof res === 'object' ? (res as { error?: unknown }).error : undefined;
        if (error) throw error;
      }
      return current;
    })();
    signedIn.catch(() => (signedIn = undefined));
    return signedIn;
  };

  return {
    async callFunction(name, data) {
      const res = await (await ready()).callFunction({ name, data });
      // Some SDK paths hand back the function's JSON text rather than the parsed value.
      return typeof res.result === 'string' ? parseJsonOrKeep(res.result) : res.result;
    },
    watch({ collection, where, onChange, onError }: WatchOptions): WatchHandle {
      let closed = false;
      const listener = ready().then(
        (current) => (closed ? undefined : current.database().collection(collection).where(where).watch({ onChange, onError })),
        (err) => {
          if (!closed) onError(err);
          return undefined;
        },
      );
      return {
        async close() {
          if (closed) return;
          closed = true;
          const started = await listener;
          await started?.close();
        },
      };
    },
  };
}

function parseJsonOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Loaded lazily so a weapp build (which defines process.env.TARO_ENV = 'weapp') never bundles the
 * browser SDK: the bundler folds the condition to false and drops the branch with the require (a throw
 * before the require would not do: code after it is kept). browser-bundle.test.ts checks this.
 */
function loadJsSdk(): CloudbaseLike {
  if (process.env.TARO_ENV !== 'weapp') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('@cloudbase/js-sdk');
    return (mod.default ?? mod) as CloudbaseLike;
  }
  throw new Error('the web SDK transport is not available in the mini-program build');
}
