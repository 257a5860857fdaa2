import type { PingResult } from '@partner-desk/contract';
import { getDatabase } from '../cloud';

export const HEALTH_COLLECTION = 'health_checks';
const PING_DOC_ID = 'ping';

/**
 * Proves the function can read and write its database: bumps one counter document (created on first
 * use) and reads it back.
 */
export async function recordPing(): Promise<PingResult> {
  const db = getDatabase();
  const _ = db.command;
  const checks = db.collection(HEALTH_COLLECTION);
  // The SDK's typings allow a callback form that returns void; the promise form always resolves to a result.
  const bumped = (await checks.where({ _id: PING_DOC_ID }).update({ data: { pings: _.inc(1), lastPingAt: db.serverDate() } })) as { stats: { updated: number } };
  if (bumped.stats.updated === 0) {
    await checks.doc(PING_DOC_ID).set({ data: { pings: 1, lastPingAt: db.serverDate() } });
  }
  const { data } = (await checks.doc(PING_DOC_ID).get()) as { data: unknown };
  const doc = data as { pings: number; lastPingAt: Date };
  return {
    now: new Date().toISOString(),
    pings: doc.pings,
    lastPingAt: new Date(doc.lastPingAt).toISOString(),
    env: process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '',
  };
}
