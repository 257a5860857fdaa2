import { recordSubscribeAccepts } from '../services/profile';
import { askForSubscriptions, templateIdsOf, type SubscribeAnswer, type SubscribeTemplateKey } from '../services/subscribe';
import { profile } from './profile';
import { authStatusAtom } from './session';
import type { Store } from './store';

/** The subscribe messages each tap asks for (WeChat allows the dialog on a tap only). */
export const SUBSCRIBE_AT = {
  signIn: ['new_consultation', 'hq_ticket_update', 'bounce_warning'],
  ticketReplyOrEscalate: ['hq_ticket_update'],
  chatReply: ['new_consultation', 'bounce_warning'],
} as const satisfies Record<string, readonly SubscribeTemplateKey[]>;

/** Reports the answer once signed in (at 登录 the dialog comes before the session does). */
function whenSignedIn(store: Store): Promise<void> {
  if (store.get(authStatusAtom) === 'signed-in') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('not signed in'));
    }, 120_000);
    const unsubscribe = store.sub(authStatusAtom, () => {
      if (store.get(authStatusAtom) !== 'signed-in') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/**
 * Asks for the subscribe messages of a tap (call it first in the tap handler, not awaited) and reports the
 * accepts to profile.recordSubscribeAccepts: each accept is one message the functions may send. A failure
 * to report is kept quiet: the message centre still has everything.
 */
export async function subscribeOnTap(store: Store, keys: readonly SubscribeTemplateKey[], ask: typeof askForSubscriptions = askForSubscriptions): Promise<SubscribeAnswer | null> {
  const answer = await ask(keys, templateIdsOf(store.get(profile.atom).data?.subscriptions));
  if (!answer) return null;
  try {
    await whenSignedIn(store);
    await recordSubscribeAccepts(answer);
  } catch {
    // Not signed in after all, or the report failed: nothing the user must act on.
  }
  return answer;
}
