import type { ActionResult } from '@partner-desk/contract';
import { readCallerContext } from '../cloud';
import { fail, ok } from '../result';

/**
 * The entry of a timer function: run by its timer trigger, or by the console / the hub (`POST
 * /timers/<name>:fire`), both of which call without an end-user identity. A mini-program or web user
 * calling it by name is refused; an error in the run fails the invocation, so the timer's last result and
 * the invocation log show it.
 */
export function createTimerFunction<R>(name: string, run: () => Promise<R>) {
  return async function main(): Promise<ActionResult<R>> {
    if (!readCallerContext().isConsole) return fail('PERMISSION_DENIED', '定时任务只能由定时触发器或管理控制台运行');
    const report = await run();
    console.info(`[${name}] ${JSON.stringify(report)}`);
    return ok(report);
  };
}
