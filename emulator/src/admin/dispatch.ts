/**
 * Action table and per-action bookkeeping (database operation records on the calling invocation).
 */
import { performance } from 'node:perf_hooks';
import type { DatabaseOperationRecord } from '../types';
import type { ActionContext, ActionHandler, ActionResult } from './context';
import { databaseActions } from './database-actions';
import { ApiError, ApiErrorCode, toErrorBody } from '../protocol';
import { functionActions } from './function-actions';
import { openApiActions } from './openapi-actions';
import { storageActions } from './storage-actions';
import { transactionActions } from './transaction-actions';

export const ACTIONS: Readonly<Record<string, ActionHandler>> = Object.freeze({
  ...databaseActions,
  ...transactionActions,
  ...functionActions,
  ...openApiActions,
  ...storageActions,
});

export function supportedActions(): string[] {
  return Object.keys(ACTIONS).sort();
}

function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export async function dispatch(ctx: ActionContext): Promise<ActionResult> {
  const handler = Object.prototype.hasOwnProperty.call(ACTIONS, ctx.action) ? ACTIONS[ctx.action] : undefined;
  if (!handler) throw new ApiError(ApiErrorCode.INVALID_ACTION, `Invalid action: ${ctx.action || '(missing)'} is not supported by the emulator`);
  if (!ctx.action.startsWith('database.') || !ctx.invocation) return handler(ctx);

  const record: DatabaseOperationRecord = { action: ctx.action, startedAt: preciseNow(), endedAt: 0, ok: false };
  if (typeof ctx.params.collectionName === 'string') record.collection = ctx.params.collectionName;
  const invocation = ctx.invocation;
  try {
    const result = await handler(ctx);
    record.ok = true;
    return result;
  } catch (err) {
    record.code = toErrorBody(err, ctx.requestId).code;
    throw err;
  } finally {
    record.endedAt = preciseNow();
    invocation.operations.push(record);
  }
}
