import { SUBSCRIBE_TEMPLATE_KEYS, SUBSCRIBE_TEMPLATES, type SubscribeResult, type SubscribeTemplateKey, type SubscriptionView } from '@partner-desk/contract';
import { COLLECTIONS, SUBSCRIBE_REQUEST_MEMORY, type SubscribeCreditDoc } from '@partner-desk/database';
import { db } from '../data/database';
import { scoped, type Tenant, type TenantRef } from '../data/tenant-scope';
import { runScopedTransaction } from '../data/transaction';

/*
 * Subscribe-message credits (订阅消息): WeChat lets a mini-program send one subscribe message per accept
 * the user gave in `wx.requestSubscribeMessage`. The app reports what the user chose
 * (profile.recordSubscribeAccepts), each accept adding one credit for that user and template; the sender
 * (the PC-integration timers of issue 10) takes one with takeSubscribeCredit before each send and skips
 * the send without one.
 */

/** The template id in effect: the functions' environment variable when set, else the contract's. */
export function subscribeTemplateId(key: SubscribeTemplateKey, env: Record<string, string | undefined> = process.env): string {
  const template = SUBSCRIBE_TEMPLATES[key];
  return env[template.envVar]?.trim() || template.templateId;
}

export const subscribeCreditId = (userId: string, key: SubscribeTemplateKey) => `sc_${userId}_${key}`;

export type CreditCounts = Record<SubscribeTemplateKey, number>;

const countsOf = (docs: (Pick<SubscribeCreditDoc, 'templateKey' | 'credits'> | null)[]): CreditCounts => {
  const counts = Object.fromEntries(SUBSCRIBE_TEMPLATE_KEYS.map((key) => [key, 0])) as CreditCounts;
  for (const doc of docs) if (doc) counts[doc.templateKey] = doc.credits;
  return counts;
};

/** The templates as the app asks for them, with the user's remaining sends. */
export function subscriptionViews(counts: CreditCounts): SubscriptionView[] {
  return SUBSCRIBE_TEMPLATE_KEYS.map((key) => ({ key, title: SUBSCRIBE_TEMPLATES[key].title, templateId: subscribeTemplateId(key), setting: SUBSCRIBE_TEMPLATES[key].setting, credits: counts[key] }));
}

/** Reads of one provider's credit documents. */
export function subscribeCreditsRepository(tenant: TenantRef) {
  const credits = scoped(tenant, COLLECTIONS.subscribeCredits);
  return {
    /** One user's credits per template (by_provider_user: at most one document per template). */
    async countsOf(userId: string): Promise<CreditCounts> {
      const { data } = await credits.query({ userId }).field({ templateKey: true, credits: true }).limit(SUBSCRIBE_TEMPLATE_KEYS.length).get();
      return countsOf(data);
    },
  };
}

export interface SubscribeChoice {
  templateKey: SubscribeTemplateKey;
  result: SubscribeResult;
}

/**
 * Counts what the user chose in one permission dialog: +1 credit per accept. One transaction reads the
 * user's three credit documents and writes the ones chosen, so a concurrent recording or send of the same
 * template conflicts and retries instead of losing a count. A document that already remembers this
 * request id was counted by an earlier try of the same request and is left alone: retrying is harmless.
 */
export function recordSubscribeChoices(user: Pick<Tenant, 'serviceProviderId' | 'userId'>, requestId: string, choices: SubscribeChoice[], now: Date): Promise<CreditCounts> {
  return runScopedTransaction(user, async (transaction) => {
    const credits = transaction.scoped(COLLECTIONS.subscribeCredits);
    // One operation at a time: a transaction's operations share one database session.
    const docs: (SubscribeCreditDoc | null)[] = [];
    for (const key of SUBSCRIBE_TEMPLATE_KEYS) docs.push(await credits.findById(subscribeCreditId(user.userId, key)));
    const after = [...docs];
    for (const { templateKey, result } of choices) {
      const index = SUBSCRIBE_TEMPLATE_KEYS.indexOf(templateKey);
      const current = docs[index];
      if (current?.recentRequestIds.includes(requestId)) continue;
      const accepted = result === 'accept' ? 1 : 0;
      const next: Omit<SubscribeCreditDoc, '_id' | 'serviceProviderId'> = {
        userId: user.userId,
        templateKey,
        credits: (current?.credits ?? 0) + accepted,
        acceptedTotal: (current?.acceptedTotal ?? 0) + accepted,
        lastResult: result,
        lastResultAt: now,
        recentRequestIds: [...(current?.recentRequestIds ?? []), requestId].slice(-SUBSCRIBE_REQUEST_MEMORY),
        updatedAt: now,
      };
      await credits.save(subscribeCreditId(user.userId, templateKey), next);
      after[index] = { _id: subscribeCreditId(user.userId, templateKey), serviceProviderId: user.serviceProviderId, ...next };
    }
    return countsOf(after);
  });
}

/**
 * Takes one send of `templateKey` from the user before a subscribe message goes out; false when there is
 * none (the send is then skipped, not an error). One conditional update of one document — credits > 0,
 * then −1 — so two senders racing for the last credit can't both get it.
 */
export async function takeSubscribeCredit(user: Pick<Tenant, 'serviceProviderId' | 'userId'>, templateKey: SubscribeTemplateKey, now = new Date()): Promise<boolean> {
  const credits = scoped(user, COLLECTIONS.subscribeCredits);
  const _ = db().command;
  return (await credits.updateWhere({ _id: subscribeCreditId(user.userId, templateKey), credits: _.gt(0) }, { credits: _.inc(-1), updatedAt: now })) === 1;
}
