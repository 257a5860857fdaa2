import { configureCloud, type CloudTransport, type WatchOptions, type WatchSnapshot } from '@partner-desk/cloud-client';
import { actionResultSchema, CONTRACT, type ActionError, type ActionName, type FunctionName, type PayloadOf, type ResultOf } from '@partner-desk/contract';

/**
 * The cloud as the pages see it, through cloud-client's transport seam (configureCloud): each function
 * action answers from a handler the test gives, every answer is checked against the action's result schema
 * in the contract (so a test cannot feed a page data the functions would never send), calls are recorded,
 * and the network can be made to fail. Watches are recorded too, and the test pushes snapshots or errors
 * into them as the realtime service would. The real functions and SDKs are exercised by the browser tests.
 */

export interface RecordedCall {
  fn: string;
  action: string;
  payload: unknown;
}

type Answer<T> = T | { error: ActionError };
type Handler<F extends FunctionName, A extends ActionName<F>> = (payload: PayloadOf<F, A>, call: RecordedCall) => Answer<ResultOf<F, A>> | Promise<Answer<ResultOf<F, A>>>;

export class FakeWatch {
  closed = false;

  constructor(readonly options: WatchOptions) {}

  /** A snapshot of the watched documents, as the realtime service sends it. */
  emit(docs: Record<string, unknown>[], type?: string): void {
    if (this.closed) throw new Error('emit on a closed watch');
    const snapshot: WatchSnapshot = { id: Date.now(), docs, docChanges: [], type };
    this.options.onChange(snapshot);
  }

  fail(error: unknown = new Error('realtime connection lost')): void {
    this.options.onError(error);
  }
}

export class FakeCloud {
  readonly calls: RecordedCall[] = [];
  readonly watches: FakeWatch[] = [];
  private readonly handlers = new Map<string, Handler<any, any>>();
  private networkFailures = new Map<string, number>();
  private offline = false;
  private gate: Promise<void> | null = null;

  /** Answers `fn.action` with what `handler` returns (data, or `{ error }` for a refusal). */
  on<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, handler: Handler<F, A> | Answer<ResultOf<F, A>>): this {
    this.handlers.set(`${fn}.${action}`, typeof handler === 'function' ? (handler as Handler<F, A>) : () => handler);
    return this;
  }

  /** The next `times` calls of `fn.action` fail as a lost network would. */
  failNetwork(fn: string, action: string, times = 1): this {
    this.networkFailures.set(`${fn}.${action}`, times);
    return this;
  }

  /** Every call fails as without a network, until back online. */
  setOffline(offline: boolean): this {
    this.offline = offline;
    return this;
  }

  /** Calls made from now on wait until release() (to see loading states). */
  hold(): { release(): void } {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return {
      release: () => {
        this.gate = null;
        open();
      },
    };
  }

  callsOf(fn: string, action: string): RecordedCall[] {
    return this.calls.filter((call) => call.fn === fn && call.action === action);
  }

  get openWatches(): FakeWatch[] {
    return this.watches.filter((w) => !w.closed);
  }

  readonly transport: CloudTransport = {
    callFunction: async (name, data) => {
      const { action, payload } = data as { action: string; payload: unknown };
      const key = `${name}.${action}`;
      const call = { fn: name, action, payload };
      this.calls.push(call);
      if (this.gate) await this.gate;
      if (this.offline) throw Object.assign(new Error('request:fail'), { errMsg: 'cloud.callFunction:fail network' });
      const failures = this.networkFailures.get(key) ?? 0;
      if (failures > 0) {
        this.networkFailures.set(key, failures - 1);
        throw Object.assign(new Error('request:fail'), { errMsg: 'cloud.callFunction:fail network' });
      }
      const handler = this.handlers.get(key);
      if (!handler) throw new Error(`FakeCloud: no answer for ${key} (payload ${JSON.stringify(payload)})`);
      const answer = await handler(payload ?? {}, call);
      const result = answer && typeof answer === 'object' && 'error' in answer ? { ok: false, error: answer.error } : { ok: true, data: answer };
      const spec = (CONTRACT as any)[name]?.actions?.[action];
      if (!spec) throw new Error(`FakeCloud: ${key} is not in the contract`);
      const checked = actionResultSchema(spec.result).safeParse(result);
      if (!checked.success) throw new Error(`FakeCloud: the answer to ${key} is outside the contract: ${JSON.stringify(checked.error.issues.slice(0, 3))}`);
      return result;
    },
    watch: (options) => {
      const watch = new FakeWatch(options);
      this.watches.push(watch);
      return {
        close: async () => {
          watch.closed = true;
        },
      };
    },
  };

  install(): this {
    configureCloud(this.transport);
    return this;
  }
}

export function installFakeCloud(): FakeCloud {
  return new FakeCloud().install();
}

export function refusal(code: ActionError['code'], message: string, details?: unknown): { error: ActionError } {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
