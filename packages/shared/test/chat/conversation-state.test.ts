import { AppError } from '../../src/errors';
import {
  afterBounce,
  afterCustomerMessage,
  afterProviderReply,
  bounceDeadlines,
  isBounceDue,
  assertCanEscalate,
  CHAT_ERRORS,
  conversationIdOf,
  escalationContent,
  inboundMessageId,
  LAST_MESSAGE_PREVIEW,
  replyMessageId,
} from '../../src/chat';
import { summarize } from '../../src/messages';

const customer = { _id: 'c_1', name: '星辰贸易' };
const t = (minutes: number) => new Date(Date.parse('2026-12-05T02:00:00Z') + minutes * 60_000);

describe('conversation state', () => {
  test('When the first customer message arrives, then a conversation opens with one unread, waiting since that message', () => {
    expect(afterCustomerMessage(null, customer, { content: '你好', sentAt: t(0) }, t(1), 10)).toEqual({
      customerId: 'c_1',
      customerName: '星辰贸易',
      lastMessage: '你好',
      lastSenderType: 'customer',
      lastMessageAt: t(0),
      unreadCount: 1,
      waitingSince: t(0),
      status: 'open',
      escalatedTicketId: null,
      // The bounce clock runs from when the message reached us (t(1)): 10 minutes, warned 3 minutes before.
      bounceAt: t(11),
      bounceWarnAt: t(8),
      bouncedAt: null,
      updatedAt: t(1),
    });
  });

  test('When more customer messages arrive, then unread grows and waitingSince keeps the oldest unanswered one', () => {
    const first = afterCustomerMessage(null, customer, { content: '你好', sentAt: t(0) }, t(0), 10);
    const second = afterCustomerMessage(first, customer, { content: '在吗', sentAt: t(5) }, t(5), 10);
    expect(second).toMatchObject({ unreadCount: 2, waitingSince: t(0), lastMessage: '在吗', lastMessageAt: t(5) });
  });

  test('When a message is delivered late (older than the last one), then it counts as unread but does not replace the preview', () => {
    const current = afterCustomerMessage(null, customer, { content: '新消息', sentAt: t(10) }, t(10), 10);
    const late = afterCustomerMessage(current, customer, { content: '旧消息', sentAt: t(2) }, t(11), 10);
    expect(late).toMatchObject({ unreadCount: 2, lastMessage: '新消息', lastMessageAt: t(10), waitingSince: t(10) });
  });

  test('When the provider replies, then nobody is waiting and the preview is the reply; unread is left to reading', () => {
    const waiting = afterCustomerMessage(null, customer, { content: '你好', sentAt: t(0) }, t(0), 10);
    expect(afterProviderReply(waiting, customer, '您好，请讲', t(3))).toMatchObject({ waitingSince: null, lastSenderType: 'service_provider', lastMessage: '您好，请讲', lastMessageAt: t(3), unreadCount: 1 });
    expect(afterProviderReply(null, customer, '主动联系', t(3))).toMatchObject({ waitingSince: null, unreadCount: 0, status: 'open' });
  });

  test('When the clock is set, then it runs from the start of the wait: later messages keep it, a reply or a bounce stops it', () => {
    const first = afterCustomerMessage(null, customer, { content: '你好', sentAt: t(0) }, t(0), 10);
    const second = afterCustomerMessage(first, customer, { content: '在吗', sentAt: t(4) }, t(4), 10);
    expect([second.bounceAt, second.bounceWarnAt]).toEqual([t(10), t(7)]);
    const answered = afterProviderReply(second, customer, '您好', t(5));
    expect(answered).toMatchObject({ waitingSince: null, bounceAt: null, bounceWarnAt: null, status: 'open' });
    // A new wait after the answer starts a new clock (with the provider's setting of then).
    expect(afterCustomerMessage(answered, customer, { content: '还有问题', sentAt: t(20) }, t(21), 5)).toMatchObject({ bounceAt: t(26), bounceWarnAt: new Date(t(23).getTime() + 30_000) });
  });

  test('When a conversation is due, then only an open one past its deadline bounces; a bounced one is the provider’s again once it answers or the customer is routed back', () => {
    const waiting = afterCustomerMessage(null, customer, { content: '你好', sentAt: t(0) }, t(0), 10);
    expect(isBounceDue(waiting, t(9))).toBe(false);
    expect(isBounceDue(waiting, t(10))).toBe(true);
    expect(isBounceDue({ ...waiting, status: 'escalated' }, t(30))).toBe(false);
    expect(isBounceDue({ ...waiting, bounceAt: null }, t(30))).toBe(false);
    expect(isBounceDue(null, t(30))).toBe(false);
    const bounced = afterBounce(waiting, t(10));
    expect(bounced).toMatchObject({ status: 'bounced', waitingSince: null, bounceAt: null, bounceWarnAt: null, bouncedAt: t(10), unreadCount: 1 });
    expect(isBounceDue(bounced, t(30))).toBe(false);
    expect(afterProviderReply(bounced, customer, '抱歉久等', t(12))).toMatchObject({ status: 'open', bounceAt: null });
    expect(afterCustomerMessage(bounced, customer, { content: '再问一下', sentAt: t(40) }, t(40), 10)).toMatchObject({ status: 'open', waitingSince: t(40), bounceAt: t(50) });
  });

  test('When an escalated conversation gets a customer message, then it waits but has no bounce clock (the ticket is in progress)', () => {
    const escalated = { ...afterProviderReply(null, customer, '已升级', t(0)), status: 'escalated' as const, escalatedTicketId: 'tk_1' };
    const next = afterCustomerMessage(escalated, customer, { content: '进展如何', sentAt: t(5) }, t(5), 10);
    expect(next).toMatchObject({ status: 'escalated', waitingSince: t(5), bounceAt: null, bounceWarnAt: null });
  });

  test('When the warning time is computed, then it is 3 minutes before the bounce, or halfway for deadlines under 6 minutes', () => {
    expect(bounceDeadlines(t(0), 10)).toEqual({ bounceAt: t(10), bounceWarnAt: t(7) });
    expect(bounceDeadlines(t(0), 4)).toEqual({ bounceAt: t(4), bounceWarnAt: t(2) });
    expect(bounceDeadlines(t(0), 1)).toEqual({ bounceAt: t(1), bounceWarnAt: new Date(t(0).getTime() + 30_000) });
  });

  test('When a message is long, then the preview is cut to 100 characters with an ellipsis', () => {
    const long = '字'.repeat(300);
    const preview = afterProviderReply(null, customer, long, t(0)).lastMessage;
    expect(Array.from(preview)).toHaveLength(LAST_MESSAGE_PREVIEW);
    expect(preview.endsWith('…')).toBe(true);
  });

  test('When escalation is asked, then a missing conversation or an escalated one is FAILED_PRECONDITION (with the ticket id), an open one passes', () => {
    expect(() => assertCanEscalate({ status: 'open', escalatedTicketId: null })).not.toThrow();
    const missing = (() => {
      try {
        assertCanEscalate(null);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect([missing?.code, missing?.message]).toEqual(['FAILED_PRECONDITION', CHAT_ERRORS.noConversation]);
    try {
      assertCanEscalate({ status: 'escalated', escalatedTicketId: 'tk_1' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toMatchObject({ code: 'FAILED_PRECONDITION', message: CHAT_ERRORS.alreadyEscalated, details: { ticketId: 'tk_1' } });
    }
  });

  test('When a ticket is made from a chat, then the latest three customer messages are quoted oldest first in China time, each bounded', () => {
    const recent = [
      { content: '第四条', timestamp: t(40) },
      { content: '第三条'.padEnd(400, '长'), timestamp: t(30) },
      { content: '第二条', timestamp: t(20) },
      { content: '第一条', timestamp: t(10) },
    ];
    const text = escalationContent('数据库报错', recent);
    expect(text.split('\n')).toEqual(['数据库报错', '', '客户最近消息：', '> [12-05 10:20] 第二条', expect.stringMatching(/^> \[12-05 10:30\] 第三条长+…$/), '> [12-05 10:40] 第四条']);
    expect(Array.from(text.split('\n')[4]).length).toBeLessThan(320);
    expect(escalationContent('只有摘要', [])).toBe('只有摘要');
  });

  test('When ids are derived, then the same inputs give the same id and different providers or customers do not collide', () => {
    expect(replyMessageId('sp_1', 'c_1', 'k')).toBe(replyMessageId('sp_1', 'c_1', 'k'));
    expect(replyMessageId('sp_1', 'c_1', 'k')).not.toBe(replyMessageId('sp_2', 'c_1', 'k'));
    expect(replyMessageId('sp_1', 'c_1', 'k')).not.toBe(replyMessageId('sp_1', 'c_2', 'k'));
    expect(inboundMessageId('pc-1')).toMatch(/^cm_[0-9a-f]{32}$/);
    expect(inboundMessageId('pc-1')).not.toBe(replyMessageId('sp_1', 'c_1', 'pc-1'));
    expect(conversationIdOf('c_1')).toBe('conv_c_1');
  });
});

describe('message summaries', () => {
  test('When content fits, then it is shown whole (whitespace folded); when not, cut to 60 characters with an ellipsis, never splitting an emoji', () => {
    expect(summarize('短消息\n第二行')).toBe('短消息 第二行');
    const long = '😀'.repeat(100);
    const s = summarize(long);
    expect(Array.from(s)).toHaveLength(60);
    expect(s).toBe(`${'😀'.repeat(59)}…`);
    expect(summarize('字'.repeat(60))).toBe('字'.repeat(60));
  });
});
