import { COLLECTIONS, type AuditEntryDoc } from '@partner-desk/database';
import { newId } from '../data/ids';
import { unscoped } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';

/** Who did it: the console, or a signed-in user. */
export interface AuditActor {
  actorId: string;
  actorName: string;
}

/** Who the audit log names for console actions. */
export const CONSOLE_ACTOR: AuditActor = { actorId: 'console', actorName: '管理控制台' };

/** A signed-in user as the audit log names them. */
export const userActor = (user: { userId: string; userName: string }): AuditActor => ({ actorId: user.userId, actorName: user.userName });

export type AuditEntry = Omit<AuditEntryDoc, '_id' | 'at' | 'actorId' | 'actorName'>;

const auditDocument = (entry: AuditEntry, actor: AuditActor, at: Date): Omit<AuditEntryDoc, '_id'> => ({ ...actor, ...entry, at });

/**
 * The audit log (who did what, for the console): console actions, and what a user did that someone may
 * have to account for later (a customer's contact looked at, a password set for someone else).
 */
export function auditRepository() {
  const audit = unscoped(COLLECTIONS.auditLog);
  return {
    async record(entry: AuditEntry, actor: AuditActor = CONSOLE_ACTOR, at = new Date()): Promise<void> {
      await audit.insert({ _id: newId('audit'), ...auditDocument(entry, actor, at) });
    },
  };
}

/** The audit entry written inside the transaction of the change it records, so both commit together. */
export function auditInTransaction(transaction: ScopedTransaction) {
  const audit = transaction.unscoped(COLLECTIONS.auditLog);
  return {
    record: (entry: AuditEntry, actor: AuditActor, at: Date) => audit.insert({ _id: newId('audit'), ...auditDocument(entry, actor, at) }),
  };
}
