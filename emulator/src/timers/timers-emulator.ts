/**
 * Timer triggers: invokes functions on their cron schedule with the event CloudBase's scheduler sends,
 * and lets the hub/console fire a trigger on demand.
 */
import { EmulatorLogger } from '../logger';
import type { EmulatorInfo, EmulatorService, FunctionsRuntime, InvokeResult, TimerTriggerConfig } from '../types';
import { CronExpression, timerEventTime } from './cron-expression';

export interface TimersEmulatorOptions {
  triggers: TimerTriggerConfig[];
  functions: FunctionsRuntime;
  /** Run triggers on their schedule (default true); fire() works either way. */
  enabled?: boolean;
  /** Reports problems (bad cron, failed scheduled runs) as warnings and each scheduled run at debug level. */
  logger?: EmulatorLogger;
}

/** What the scheduler hands the function, as CloudBase does. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** UTC, second precision: "2026-12-05T02:00:00Z" */
  Time: string;
  Message: string;
}

export interface TimerInfo {
  functionName: string;
  name: string;
  config: string;
  /** ISO time of the next scheduled run; null when disabled, invalid or past 2099. */
  nextFireAt: string | null;
  lastFiredAt?: string;
  lastResult?: { ok: boolean; code?: string; invocationId?: string };
  /** Why the cron could not be parsed. */
  error?: string;
}

interface ScheduledTrigger {
  config: TimerTriggerConfig;
  cron?: CronExpression;
  error?: string;
  next?: Date;
  timer?: NodeJS.Timeout;
  lastFiredAt?: Date;
  lastResult?: InvokeResult;
}

/** setTimeout cannot wait longer than this; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class TimersEmulator implements EmulatorService {
  readonly name = 'timers' as const;
  private readonly triggers: ScheduledTrigger[];
  private running = false;
  private readonly log: EmulatorLogger;

  constructor(private readonly options: TimersEmulatorOptions) {
    this.log = options.logger ?? new EmulatorLogger('timers');
    this.triggers = options.triggers.map((config) => {
      try {
        return { config, cron: CronExpression.parse(config.config) };
      } catch (err) {
        return { config, error: (err as Error).message };
      }
    });
  }

  async start(): Promise<void> {
    for (const trigger of this.triggers) {
      if (trigger.error) this.log.warn(`${trigger.config.functionName}/${trigger.config.name}: ${trigger.error}`);
    }
    if (this.options.enabled === false) return;
    this.running = true;
    for (const trigger of this.triggers) this.arm(trigger, new Date());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const trigger of this.triggers) {
      if (trigger.timer) clearTimeout(trigger.timer);
      trigger.timer = undefined;
      trigger.next = undefined;
    }
  }

  getInfo(): EmulatorInfo | null {
    return null;
  }

  list(): TimerInfo[] {
    return this.triggers.map((t) => ({
      functionName: t.config.functionName,
      name: t.config.name,
      config: t.config.config,
      nextFireAt: t.next ? t.next.toISOString() : null,
      ...(t.lastFiredAt ? { lastFiredAt: t.lastFiredAt.toISOString() } : {}),
      ...(t.lastResult ? { lastResult: summarise(t.lastResult) } : {}),
      ...(t.error ? { error: t.error } : {}),
    }));
  }

  /** Fire a trigger now (the function's first trigger when no name is given). */
  async fire(functionName: string, triggerName?: string): Promise<InvokeResult> {
    const trigger = this.triggers.find(
      (t) => t.config.functionName === functionName && (triggerName === undefined || t.config.name === triggerName),
    );
    if (!trigger) {
      return {
        ok: false,
        code: 'FUNCTION_NOT_FOUND',
        message: triggerName
          ? `No timer trigger "${triggerName}" on function "${functionName}"`
          : `Function "${functionName}" has no timer trigger`,
      };
    }
    return this.invoke(trigger, new Date());
  }

  private async invoke(trigger: ScheduledTrigger, at: Date): Promise<InvokeResult> {
    const event: TimerEvent = { Type: 'Timer', TriggerName: trigger.config.name, Time: timerEventTime(at), Message: '' };
    trigger.lastFiredAt = at;
    const result = await this.options.functions.invoke({
      functionName: trigger.config.functionName,
      event,
      extraEnv: { TRIGGER_SRC: 'timer' },
      source: 'timer',
    });
    trigger.lastResult = result;
    return result;
  }

  private arm(trigger: ScheduledTrigger, from: Date): void {
    if (!this.running || !trigger.cron) return;
    const next = trigger.cron.next(from);
    trigger.next = next ?? undefined;
    if (!next) return;
    this.wait(trigger, next);
  }

  private wait(trigger: ScheduledTrigger, next: Date): void {
    const delay = next.getTime() - Date.now();
    if (delay > MAX_TIMEOUT_MS) {
      trigger.timer = setTimeout(() => this.wait(trigger, next), MAX_TIMEOUT_MS);
    } else {
      trigger.timer = setTimeout(() => this.onDue(trigger, next), Math.max(0, delay));
    }
    // The emulator's servers keep the process alive; pending triggers alone should not.
    trigger.timer.unref();
  }

  private onDue(trigger: ScheduledTrigger, scheduled: Date): void {
    if (!this.running) return;
    // Timers can fire a little early; scheduling from the later of the two never repeats a slot.
    const now = new Date();
    this.arm(trigger, now > scheduled ? now : scheduled);
    const label = `${trigger.config.functionName}/${trigger.config.name}`;
    this.invoke(trigger, scheduled).then(
      (result) => {
        if (result.ok) this.log.debug(`${label} fired at ${scheduled.toISOString()}`);
        else this.log.warn(`${label} failed: ${result.code} ${result.message.split('\n')[0]}`);
      },
      (err: Error) => this.log.warn(`${label} failed: ${err.message}`),
    );
  }
}

function summarise(result: InvokeResult): TimerInfo['lastResult'] {
  return result.ok
    ? { ok: true, invocationId: result.invocationId }
    : { ok: false, code: result.code, invocationId: result.invocationId };
}
