import type { PingResult } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { db } from '../data/database';
import { unscoped } from '../data/tenant-scope';

const PING_DOC_ID = 'ping';

/** The one counter document health.ping bumps: proof that the function can read and write its database. */
export function healthRepository() {
  const database = db();
  const checks = unscoped(COLLECTIONS.healthChecks, database);
  return {
    /** Bumps the counter (created on first use) and reads it back. */
    async recordPing(): Promise<PingResult> {
      const bumped = await checks.updateWhere({ _id: PING_DOC_ID }, { pings: database.command.inc(1), lastPingAt: database.serverDate() });
      if (bumped === 0) await checks.replace(PING_DOC_ID, { pings: 1, lastPingAt: database.serverDate() });
      const doc = await checks.findById(PING_DOC_ID);
      if (!doc) throw new Error('health check document vanished after it was written');
      return {
        now: new Date().toISOString(),
        pings: doc.pings,
        lastPingAt: new Date(doc.lastPingAt).toISOString(),
        env: process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '',
      };
    },
  };
}
