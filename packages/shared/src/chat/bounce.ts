import type { ChatConversationDoc } from '@partner-desk/database';
import { customersInTransaction } from '../customers/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { queueOutboxEvent } from '../data/outbox-entry';
import { bumpSignals } from '../data/signals';
import type { TenantRef } from '../data/tenant-scope';
import { runScopedTransaction } from '../data/transaction';
import { messagesRepository } from '../messages/repository';
import { chatBouncedEntry } from '../outbox/events';
import { listProviderIds } from '../timers/every-provider';
import { providerSettingsRepository } from '../profile/provider-settings';
import { keywordTime, notifyBounceWarning } from '../profile/subscribe-messages';
import { isBounceDue } from './conversation-state';
import { chatInTransaction, chatRepository } from './repository';

/*
 * Accept-or-bounce, run by the `bounce` timer every minute (`POST /timers/bounce:fire` runs it now): a
 * consultation routed to a provider and not answered by its deadline (bounceAt, set when the wait began
 * from the provider's bounceMinutes) goes back to HQ — the conversation is marked bounced and a
 * chat.bounced event is queued in one transaction, and the provider gets a message. A few minutes before,
 * the provider's users get a warning (message centre and the bounce_warning subscribe message).
 *
 * Exactly once, whatever runs at the same time: the bounce is decided on the conversation the transaction
 * then writes (isBounceDue), so a reply committing first leaves nothing due, a reply committing later
 * conflicts and retries on the bounced conversation, and of two timer runs one bounces and the other finds
 * it bounced. The warning is taken by one conditional update of the conversation (takeBounceWarning).
 * Bounces run before warnings, so a run that finds both due (the timer was down) only bounces.
 */

export interface BounceRunReport {
  bounced: number;
  warned: number;
}

const bounceReason = (minutes: number) => `服务商 ${minutes} 分钟内未回复`;

/** Hands one conversation back to HQ if it is still due; answers the conversation as it was, or null. */
export async function bounceConversation(tenant: TenantRef, customerId: string, bounceMinutes: number, runStartedAt: Date): Promise<ChatConversationDoc | null> {
  let now = runStartedAt;
  const bounced = await runScopedTransaction(tenant, async (transaction) => {
    // The time of this attempt, like every producer's: events of one customer then carry occurredAt in the
    // order they take their places in its stream (a retry after a conflict gets a later time).
    now = new Date(Math.max(Date.now(), runStartedAt.getTime()));
    const chat = chatInTransaction(transaction);
    const conversation = await chat.findConversation(customerId);
    if (!conversation || !isBounceDue(conversation, now)) return null;
    // Customers are never removed or moved by any action; the read only names the customer to HQ.
    const customer = await customersInTransaction(transaction).findCustomer(customerId);
    if (!customer) return null;
    await chat.markBounced(conversation, now);
    await queueOutboxEvent(transaction, chatBouncedEntry(customer, conversation, bounceReason(bounceMinutes), now), now);
    return conversation;
  });
  if (!bounced) return null;
  await notifyAfterCommit(
    'chat bounced',
    () =>
      messagesRepository(tenant).raise(
        {
          type: 'customer_alert',
          title: `咨询已退回总部：${bounced.customerName}`,
          content: `客户「${bounced.customerName}」的咨询 ${bounceMinutes} 分钟内无人回复，已退回总部处理。如仍需跟进，可在会话中继续回复。`,
          relatedCustomerId: bounced.customerId,
          relatedCustomerName: bounced.customerName,
          link: { kind: 'chat', id: bounced.customerId },
          dedupeKey: `chat-bounced:${bounced._id}:${new Date(bounced.bounceAt!).getTime()}`,
        },
        now,
      ),
    () => bumpSignals(tenant, ['chat']),
  );
  return bounced;
}

/** Warns the provider of one conversation's coming bounce, if this run takes the warning. */
export async function warnOfBounce(tenant: TenantRef, conversation: ChatConversationDoc, now: Date): Promise<boolean> {
  if (!conversation.bounceAt || !(await chatRepository(tenant).takeBounceWarning(conversation, now))) return false;
  const bounceAt = new Date(conversation.bounceAt);
  await notifyAfterCommit(
    'bounce warning',
    () =>
      messagesRepository(tenant).raise(
        {
          type: 'customer_alert',
          title: `咨询即将退回总部：${conversation.customerName}`,
          content: `客户「${conversation.customerName}」的咨询尚未回复，将于 ${keywordTime(bounceAt)} 退回总部处理，请尽快回复。`,
          relatedCustomerId: conversation.customerId,
          relatedCustomerName: conversation.customerName,
          link: { kind: 'chat', id: conversation.customerId },
          dedupeKey: `chat-bounce-warning:${conversation._id}:${bounceAt.getTime()}`,
        },
        now,
      ),
    () => notifyBounceWarning(tenant, { customerId: conversation.customerId, customerName: conversation.customerName, bounceAt }, now),
  );
  return true;
}

/** One run over every provider: due bounces first, then due warnings. */
export async function runBounceTimer(now = new Date()): Promise<BounceRunReport> {
  const report: BounceRunReport = { bounced: 0, warned: 0 };
  const providers = await listProviderIds();
  await Promise.all(
    providers.map(async (serviceProviderId) => {
      const tenant = { serviceProviderId };
      const chat = chatRepository(tenant);
      const [due, settings] = await Promise.all([chat.dueBounces(now), providerSettingsRepository(tenant).read()]);
      for (const conversation of due) if (await bounceConversation(tenant, conversation.customerId, settings.bounceMinutes, now)) report.bounced++;
      for (const conversation of await chat.dueBounceWarnings(now)) if (await warnOfBounce(tenant, conversation, now)) report.warned++;
    }),
  );
  return report;
}
