import Taro from '@tarojs/taro';
import { SUBSCRIBE_RESULTS, SUBSCRIBE_TEMPLATES, type SubscribeResult, type SubscribeTemplateKey } from '@partner-desk/contract/src/subscribe-templates';
import { isWeapp } from './platform';

export type { SubscribeTemplateKey };

/** Template ids by key: the contract's, unless profile.get answered the ones in effect (the functions' env may override them). */
export function templateIdsOf(inEffect: readonly { key: SubscribeTemplateKey; templateId: string }[] = []): Record<SubscribeTemplateKey, string> {
  const ids = Object.fromEntries(Object.entries(SUBSCRIBE_TEMPLATES).map(([key, template]) => [key, template.templateId])) as Record<SubscribeTemplateKey, string>;
  for (const { key, templateId } of inEffect) ids[key] = templateId;
  return ids;
}

/** What the user answered in WeChat's dialog, as profile.recordSubscribeAccepts takes it. */
export interface SubscribeAnswer {
  /** One per dialog: a retry of the report counts nothing twice. */
  requestId: string;
  accepted: { templateKey: SubscribeTemplateKey; result: SubscribeResult }[];
}

const newRequestId = () => `sub-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Asks WeChat for permission to send these subscribe messages (at most three per dialog, WeChat's limit).
 * WeChat shows the dialog only from a user's tap, so call this first thing in a tap handler, before any
 * await. Answers what the user chose per template, or null where there is nothing to ask (H5) or the dialog
 * failed (switched off in WeChat's settings): not an error worth showing.
 */
export async function askForSubscriptions(
  keys: readonly SubscribeTemplateKey[],
  templateIds: Record<SubscribeTemplateKey, string> = templateIdsOf(),
  request: (option: Taro.requestSubscribeMessage.Option) => Promise<unknown> = Taro.requestSubscribeMessage,
): Promise<SubscribeAnswer | null> {
  if (!isWeapp() || keys.length === 0) return null;
  const asked = keys.slice(0, 3);
  try {
    // Taro's type wants Alipay's entityIds too; WeChat takes tmplIds only.
    const option = { tmplIds: asked.map((key) => templateIds[key]) } as Taro.requestSubscribeMessage.Option;
    const answer = (await request(option)) as Record<string, string>;
    const accepted = asked.flatMap((templateKey) => {
      const result = answer[templateIds[templateKey]];
      return (SUBSCRIBE_RESULTS as readonly string[]).includes(result) ? [{ templateKey, result: result as SubscribeResult }] : [];
    });
    return accepted.length > 0 ? { requestId: newRequestId(), accepted } : null;
  } catch {
    return null;
  }
}
