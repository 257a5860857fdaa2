import * as z from 'zod';
import { readCallerContext } from '@partner-desk/shared';
import { existingSystemClient } from '@partner-desk/shared/sync/existing-system';
import { DEFAULT_MAX_PAGES, DEFAULT_SYNC_PAGE_SIZE, MAX_SYNC_PAGE_SIZE, runSync, type SyncReport } from '@partner-desk/shared/sync/run-sync';

/**
 * sync: the timer (every 10 minutes, cloudbaserc.json) that reads the vendor's existing system
 * (PD_EXISTING_SYSTEM_URL, signed with PD_PC_SECRET) into customers, statuses, scores and alerts
 * (packages/shared/src/sync/run-sync.ts). The console (or the hub) may run it now, optionally with a
 * smaller page or fewer pages: `{ "pageSize": 20, "maxPages": 5 }`. Not for the mini-program.
 */
const manualRunSchema = z
  .object({
    pageSize: z.number().int().min(1).max(MAX_SYNC_PAGE_SIZE).default(DEFAULT_SYNC_PAGE_SIZE),
    maxPages: z.number().int().min(1).max(1000).default(DEFAULT_MAX_PAGES),
  })
  .strip();

interface InvocationContext {
  time_limit_in_ms?: number;
}

export async function main(event: unknown, context?: InvocationContext): Promise<{ ok: true; data: SyncReport } | { ok: false; error: { code: string; message: string } }> {
  if (!readCallerContext().isConsole) return { ok: false, error: { code: 'PERMISSION_DENIED', message: '仅限定时触发或管理控制台调用' } };
  // A timer's event is { Type: 'Timer', … }: the defaults. A console run may set the page size.
  const options = manualRunSchema.safeParse(typeof event === 'object' && event !== null ? event : {});
  if (!options.success) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `参数有误：${options.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}` } };
  const timeLimitMs = context?.time_limit_in_ms ?? Number(process.env.SCF_TIMEOUT ?? 60) * 1000;
  const feed = existingSystemClient({ baseUrl: process.env.PD_EXISTING_SYSTEM_URL ?? '', secret: process.env.PD_PC_SECRET ?? '', deliveryPrefix: `sync.${Date.now()}` });
  const report = await runSync({ feed, timeLimitMs, pageSize: options.data.pageSize, maxPages: options.data.maxPages });
  return { ok: true, data: report };
}
