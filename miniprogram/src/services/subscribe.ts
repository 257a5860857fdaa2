import Taro from '@tarojs/taro';
import { isWeapp } from './platform';

/** What the functions may notify a user of by WeChat subscribe message. */
export type SubscribeTopic = 'ticketUpdates' | 'customerAlerts' | 'chatMessages';

/**
 * The template id of each topic, from the build (PD_SUBSCRIBE_TEMPLATES, JSON `{ "ticketUpdates": "<id>" … }`,
 * as configured in the mini-program's admin console). Topics without a template are never asked for.
 */
export function configuredTemplates(): Partial<Record<SubscribeTopic, string>> {
  try {
    const parsed: unknown = JSON.parse(process.env.PD_SUBSCRIBE_TEMPLATES || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Partial<Record<SubscribeTopic, string>>) : {};
  } catch {
    return {};
  }
}

/**
 * Asks WeChat for permission to send subscribe messages of these topics. WeChat only shows the dialog from a
 * user's tap, so call this first thing in a tap handler (before any await). Answers the topics accepted;
 * in H5, or with no template configured, there is nothing to ask and it answers [] at once.
 * At most three templates per request (WeChat's limit).
 */
export async function askForSubscriptions(topics: SubscribeTopic[], templates = configuredTemplates()): Promise<SubscribeTopic[]> {
  if (!isWeapp()) return [];
  const asked = topics.filter((topic) => templates[topic]).slice(0, 3);
  if (asked.length === 0) return [];
  try {
    // Taro's type wants Alipay's entityIds too; WeChat takes tmplIds only.
    const option = { tmplIds: asked.map((topic) => templates[topic]!) } as Taro.requestSubscribeMessage.Option;
    const answer = (await Taro.requestSubscribeMessage(option)) as unknown as Record<string, string>;
    return asked.filter((topic) => answer[templates[topic]!] === 'accept');
  } catch {
    // Refused, or switched off in the user's settings: not an error worth showing.
    return [];
  }
}
