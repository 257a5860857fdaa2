import { LABELS, SUBSCRIBE_TEMPLATES, type SubscribeTemplateKey } from '@partner-desk/contract';
import { COLLECTIONS, type SessionDoc, type UserDoc } from '@partner-desk/database';
import { getCloud } from '../cloud';
import { scoped, type TenantRef } from '../data/tenant-scope';
import { inBusinessTz } from '../time';
import { subscribeTemplateId, takeSubscribeCredit } from './subscribe-credits';

/*
 * Subscribe messages (订阅消息, `cloud.openapi.subscribeMessage.send`) to a provider's users: a new
 * consultation, HQ's update of an escalated ticket, a consultation about to go back to HQ. They only
 * point at what the message centre and the app already hold (the source of truth); so a send that can't
 * happen is skipped, never an error, and the change that caused it stands:
 *  - the user's 通知开关 for the template (SUBSCRIBE_TEMPLATES[key].setting) is off: skipped;
 *  - the user has no WeChat binding (signed in on the web only, or signed out): skipped — a subscribe
 *    message goes to an OPENID;
 *  - the user has no send left for the template (one per accept in wx.requestSubscribeMessage, counted by
 *    profile.recordSubscribeAccepts): skipped, and nothing is taken;
 *  - otherwise one send is taken (takeSubscribeCredit) and the message goes to the binding used last.
 * A send WeChat refuses (the user withdrew consent: 43101) has used its credit, as on WeChat.
 */

export type SkipReason = 'disabled' | 'switch_off' | 'not_wechat' | 'no_credit' | 'send_failed';

export interface SubscribeReport {
  key: SubscribeTemplateKey;
  sent: { userId: string; openId: string }[];
  skipped: { userId: string; reason: SkipReason }[];
}

/** WeChat's limits per keyword type (订阅消息 "参数类型"): thing 20 characters, phrase 5, character_string 32. */
const LIMITS: Record<string, number> = { thing: 20, phrase: 5, character_string: 32, name: 10 };

/** A keyword's value within WeChat's limit for its type (`thing1` → thing), never empty. */
export function keywordValue(keyword: string, value: string): string {
  const type = keyword.replace(/\d+$/, '');
  const chars = Array.from(value.replace(/\s+/g, ' ').trim() || '—');
  const limit = LIMITS[type];
  return limit && chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : chars.join('');
}

/** time.DATA as WeChat takes it: "2026-12-06 10:30" (China time). */
export const keywordTime = (at: Date | string) => inBusinessTz(at).format('YYYY-MM-DD HH:mm');

/** The template's page with its query filled in. */
export function templatePage(key: SubscribeTemplateKey, params: Record<string, string>): string {
  return SUBSCRIBE_TEMPLATES[key].page.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The provider's users and their WeChat bindings, read together (users by_provider_role, sessions by_provider). */
async function recipientsOf(tenant: TenantRef, now: Date): Promise<{ user: UserDoc; openId: string | null }[]> {
  const [{ data: users }, { data: bindings }] = await Promise.all([
    scoped(tenant, COLLECTIONS.users).query({}).limit(1000).get(),
    scoped(tenant, COLLECTIONS.sessions).query({ identityType: 'wechat' }).limit(1000).get(),
  ]);
  const latest = new Map<string, SessionDoc>();
  for (const binding of bindings) {
    if (new Date(binding.expiresAt).getTime() <= now.getTime()) continue;
    const seen = latest.get(binding.userId);
    if (!seen || new Date(binding.lastSeenAt).getTime() > new Date(seen.lastSeenAt).getTime()) latest.set(binding.userId, binding);
  }
  // Sessions are keyed `wx:<OPENID>` (identity/identity-key.ts).
  return users.map((user) => ({ user, openId: latest.get(user._id)?._id.replace(/^wx:/, '') ?? null }));
}

/**
 * Sends template `key` to every user of the provider who may get it (see above), each independently;
 * answers who got it and why the others didn't.
 */
export async function sendSubscribeMessage(tenant: TenantRef, key: SubscribeTemplateKey, data: Record<string, string>, pageParams: Record<string, string>, now = new Date()): Promise<SubscribeReport> {
  const template = SUBSCRIBE_TEMPLATES[key];
  const report: SubscribeReport = { key, sent: [], skipped: [] };
  const payload = Object.fromEntries(Object.keys(template.fields).map((keyword) => [keyword, { value: keywordValue(keyword, data[keyword] ?? '') }]));
  const recipients = await recipientsOf(tenant, now);
  await Promise.all(
    recipients.map(async ({ user, openId }) => {
      const skip = (reason: SkipReason) => void report.skipped.push({ userId: user._id, reason });
      if (user.status !== 'active') return skip('disabled');
      if (!user.notificationSettings[template.setting]) return skip('switch_off');
      if (!openId) return skip('not_wechat');
      if (!(await takeSubscribeCredit({ serviceProviderId: tenant.serviceProviderId, userId: user._id }, key, now))) return skip('no_credit');
      try {
        await getCloud().openapi.subscribeMessage.send({ touser: openId, templateId: subscribeTemplateId(key), page: templatePage(key, pageParams), data: payload });
        report.sent.push({ userId: user._id, openId });
      } catch (err) {
        console.warn(`[subscribe] ${key} to ${user._id} refused`, (err as { errCode?: number; errMsg?: string })?.errMsg ?? err);
        skip('send_failed');
      }
    }),
  );
  console.info(`[subscribe] ${key}: sent ${report.sent.length}, skipped ${report.skipped.map((s) => s.reason).join(',') || 'none'}`);
  return report;
}

/** 新咨询提醒: a customer's message started a wait on the provider. */
export function notifyNewConsultation(tenant: TenantRef, consultation: { customerId: string; customerName: string; content: string; sentAt: Date }, now = new Date()) {
  return sendSubscribeMessage(tenant, 'new_consultation', { thing1: consultation.customerName, thing2: consultation.content, time3: keywordTime(consultation.sentAt) }, { customerId: consultation.customerId }, now);
}

/** 工单进度通知: HQ moved a ticket the provider escalated (ticket.updated). */
export function notifyHqTicketUpdate(tenant: TenantRef, update: { ticketId: string; ticketNo: string; status: 'processing' | 'resolved'; note?: string | null; updatedAt: Date }, now = new Date()) {
  return sendSubscribeMessage(
    tenant,
    'hq_ticket_update',
    { character_string1: update.ticketNo, phrase2: LABELS.ticketStatus[update.status], thing3: update.note?.trim() || '总部已更新工单进度', time4: keywordTime(update.updatedAt) },
    { ticketId: update.ticketId },
    now,
  );
}

/** 咨询即将退回提醒: a consultation goes back to HQ at `bounceAt` unless someone answers. */
export function notifyBounceWarning(tenant: TenantRef, warning: { customerId: string; customerName: string; bounceAt: Date }, now = new Date()) {
  return sendSubscribeMessage(tenant, 'bounce_warning', { thing1: warning.customerName, time2: keywordTime(warning.bounceAt), thing3: '请尽快回复，超时将退回总部' }, { customerId: warning.customerId }, now);
}
