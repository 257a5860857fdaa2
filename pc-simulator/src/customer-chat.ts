/**
 * The customer's chat window on the PC side (seed §5.3.6): the FAQ bot answers what it knows; anything
 * else, or 「转人工」, hands the customer off to the provider who owns them, and from then on every message
 * of theirs goes to that provider as a signed `consultation.message` (outgoing.ts delivers it).
 */
import { consultationMessageDataSchema, parseWith, type ConsultationMessageData } from '@partner-desk/pc-protocol';
import { invalid, notFound } from './errors';
import { BOT_NAME, replyTo } from './faq-bot';
import { conversationOf, newEntryId } from './inbox';
import type { OutgoingQueue } from './outgoing';
import type { ChatEntry, Conversation, CustomerRecord, SimulatorState, StateStore } from './state';

export interface ChatDeps {
  store: StateStore;
  outgoing: OutgoingQueue;
  now: () => Date;
}

/** The customer (404 when the existing system has none), their chat, and now. */
function openChat(deps: ChatDeps, externalId: string): { customer: CustomerRecord; conversation: Conversation; at: string } {
  const customer = deps.store.state.customers.find((c) => c.externalId === externalId);
  if (!customer) throw notFound(`现有系统中没有客户 ${externalId}`);
  const at = deps.now().toISOString();
  return { customer, conversation: conversationOf(deps.store.state, customer.externalId, at), at };
}

function providerNameOf(state: SimulatorState, code: string): string {
  return state.providers.find((p) => p.code === code)?.name ?? `服务商 ${code}`;
}

/** Sends one customer message to the owning provider: the message's id is its externalMessageId. */
function forward(deps: ChatDeps, customer: CustomerRecord, entry: ChatEntry): void {
  const data: ConsultationMessageData = { customerExternalId: customer.externalId, externalMessageId: entry.id, customerName: customer.name, content: entry.content, sentAt: entry.at };
  const delivery = deps.outgoing.enqueue('consultation.message', customer.externalId, data, `${customer.name}：${entry.content.slice(0, 40)}`);
  entry.deliveryId = delivery.deliveryId;
}

function say(conversation: Conversation, entry: Omit<ChatEntry, 'id'>): ChatEntry {
  const full = { id: newEntryId(entry.from === 'customer' ? 'pcm' : entry.from), ...entry };
  conversation.entries.push(full);
  conversation.updatedAt = entry.at;
  return full;
}

function handOffWith(deps: ChatDeps, customer: CustomerRecord, conversation: Conversation, question: ChatEntry | undefined, at: string): void {
  conversation.mode = 'human';
  say(conversation, { from: 'bot', senderName: BOT_NAME, content: `已为您转接专属服务商「${providerNameOf(deps.store.state, customer.providerExternalId)}」，请稍候，服务商会在这里回复您。`, at });
  const carried = question ?? say(conversation, { from: 'customer', content: '（客户请求人工服务）', at });
  forward(deps, customer, carried);
}

/** The customer typed `content`: the bot answers or hands off; in a human conversation it goes to the provider. */
export function customerSays(deps: ChatDeps, customerExternalId: string, content: unknown): Conversation {
  const parsed = parseWith(consultationMessageDataSchema.shape.content, content);
  if (!parsed.ok) throw invalid('消息内容需为 1–2000 字', parsed.issues);
  const { customer, conversation, at } = openChat(deps, customerExternalId);
  const entry = say(conversation, { from: 'customer', content: parsed.value, at });
  if (conversation.mode === 'human') {
    forward(deps, customer, entry);
  } else {
    const reply = replyTo(parsed.value);
    if (reply.kind === 'answer') say(conversation, { from: 'bot', senderName: BOT_NAME, content: reply.faq.answer, at });
    // Asked for a person: the request itself is what the provider first sees, with the question before it if there was one.
    else handOffWith(deps, customer, conversation, reply.asked ? (lastUnforwardedQuestion(conversation, entry) ?? entry) : entry, at);
  }
  deps.store.changed();
  return conversation;
}

/** The customer's latest message the bot answered (never sent), other than `except`. */
function lastUnforwardedQuestion(conversation: Conversation, except: ChatEntry): ChatEntry | undefined {
  for (let i = conversation.entries.length - 1; i >= 0; i--) {
    const entry = conversation.entries[i];
    if (entry === except || entry.from !== 'customer') continue;
    return entry.deliveryId ? undefined : entry;
  }
  return undefined;
}

/** 「转人工」: hand off now, carrying the customer's last question (if the bot had answered it) to the provider. */
export function handOff(deps: ChatDeps, customerExternalId: string): Conversation {
  const { customer, conversation, at } = openChat(deps, customerExternalId);
  if (conversation.mode === 'human') throw invalid('已在人工服务中');
  const question = [...conversation.entries].reverse().find((e) => e.from === 'customer');
  handOffWith(deps, customer, conversation, question && !question.deliveryId ? question : undefined, at);
  deps.store.changed();
  return conversation;
}

/** 「结束会话」: the next message starts with the bot again. */
export function endConversation(deps: ChatDeps, customerExternalId: string): Conversation {
  const { conversation, at } = openChat(deps, customerExternalId);
  conversation.mode = 'bot';
  say(conversation, { from: 'system', content: '会话已结束，如有新问题可继续咨询智能客服。', at });
  deps.store.changed();
  return conversation;
}
