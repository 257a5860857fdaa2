/**
 * 咨询详情: history paging upward, a reply through the offline outbox (待发送 → sent once → 待同步 → 已同步),
 * a refusal with 重试, a customer's message arriving live, the countdown, and 升级为工单 leading to the ticket.
 */
import { act, screen, waitFor } from '@testing-library/react';
import type { ChatMessageView, ConversationState } from '@partner-desk/contract';
import ChatDetailPage from '../../src/pages/chat/detail';
import { bumpTopics } from '../../src/state/live';
import { OUTBOX_STORAGE_KEY, startOutbox } from '../../src/state/outbox';
import { applySignIn } from '../../src/state/session';
import { installFakeCloud, refusal, type FakeCloud } from '../support/fake-cloud';
import { loginResult } from '../support/fixtures';
import { answerModal, fieldByPlaceholder, modalShown, tap } from '../support/interact';
import { fireEvent } from '@testing-library/react';
import { renderPage as renderAt } from '../support/render-page';
import Taro from '@tarojs/taro';
import { Current } from '@tarojs/runtime';
import { createStore } from 'jotai';

// jsdom does no layout and has no scrollIntoView, which Taro's ScrollView calls for its scrollIntoView prop:
// recorded instead, so a test can see where the chat scrolled to.
const scrolledTo: string[] = [];
Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
  scrolledTo.push(this.id);
};
beforeEach(() => {
  scrolledTo.length = 0;
});

/**
 * Types into a multi-line field (NutUI's TextArea over Taro's Textarea): taro-textarea-core reports input as
 * an event whose detail carries the value, as it does in the H5 build.
 */
async function typeInto(placeholder: string, value: string): Promise<void> {
  const field = fieldByPlaceholder(placeholder);
  await waitFor(() => expect(field.querySelector('textarea')).not.toBeNull());
  await act(async () => {
    field.querySelector('textarea')!.value = value;
    fireEvent(field, new CustomEvent('input', { detail: { value }, bubbles: true }));
  });
}

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);
const CUSTOMER = 'cus_42';
const PATH = `/pages/chat/detail?customerId=${CUSTOMER}&name=${encodeURIComponent('杭州明远')}`;

function message(i: number, overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: `cm_${String(i).padStart(3, '0')}`,
    customerId: CUSTOMER,
    customerName: '杭州明远',
    serviceProviderId: 'sp_yunfan',
    serviceProviderName: '上海云帆信息技术有限公司',
    senderType: 'customer',
    senderName: '王经理',
    content: `消息 ${i}`,
    images: [],
    timestamp: new Date(Date.UTC(2026, 11, 7, 6, 0, i)).toISOString(),
    status: 'read',
    syncStatus: null,
    ...overrides,
  };
}

/** chat.messages / send / escalate over one conversation, as the functions keep it (send dedupes by clientMessageId). */
function chatBackend(cloud: FakeCloud, initial: ChatMessageView[], conversation: Partial<ConversationState> = {}) {
  const box = { messages: [...initial], conversation: { status: 'open', waitingSince: null, bounceAt: null, bouncedAt: null, escalatedTicketId: null, ...conversation } as ConversationState };
  cloud
    .on('chat', 'messages', ({ page = 1, pageSize = 20 }) => {
      const newestFirst = [...box.messages].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
      return { messages: newestFirst.slice((page - 1) * pageSize, page * pageSize), total: newestFirst.length, page, pageSize, conversation: box.conversation };
    })
    .on('chat', 'send', ({ content = '', clientMessageId }) => {
      const id = `cm_reply_${clientMessageId}`;
      if (!box.messages.some((m) => m.id === id))
        box.messages.push(message(900 + box.messages.length, { id, content, senderType: 'service_provider', senderName: '周云帆', syncStatus: 'pending', timestamp: new Date().toISOString() }));
      box.conversation = { ...box.conversation, waitingSince: null, bounceAt: null };
      return { messageId: id };
    });
  return box;
}

/** The page reads its parameters with useRouter(), i.e. Current.router, as Taro's router sets it on navigation. */
function renderPage(page: Parameters<typeof renderAt>[0], path: string, store?: Parameters<typeof renderAt>[2]) {
  const [route, query = ''] = path.split('?');
  (Current as { router: unknown }).router = { path: route, params: Object.fromEntries(new URLSearchParams(query)) };
  return renderAt(page, route, store);
}

function signedIn() {
  const store = createStore();
  applySignIn(store, loginResult());
  return store;
}

test('When a chat opens, then the newest page shows oldest first under the customer name, and 查看更早的消息 puts the older page above', async () => {
  const cloud = installFakeCloud();
  chatBackend(cloud, Array.from({ length: 25 }, (_, i) => message(i + 1, i % 5 === 4 ? { senderType: 'service_provider', senderName: '周云帆', syncStatus: 'delivered' } : {})));
  renderPage(<ChatDetailPage />, PATH, signedIn());

  await waitFor(() => expect(texts('.chat-message__text')).toHaveLength(20));
  expect(texts('.chat-message__text')[0]).toBe('消息 6');
  expect(texts('.chat-message__text')[19]).toBe('消息 25');
  // Ours on the right with the PC delivery state.
  expect(texts('.chat-message--mine .chat-message__text')).toEqual(['消息 10', '消息 15', '消息 20', '消息 25']);
  expect(texts('.chat-message__state')).toEqual(['已同步', '已同步', '已同步', '已同步']);
  expect(cloud.callsOf('chat', 'messages').map((c) => c.payload)).toEqual([{ customerId: CUSTOMER, page: 1, pageSize: 20 }]);
  // Opened at the bottom: the scroll view is asked to scroll beyond any height (it stops at the newest message).
  const scrollView = document.querySelector('taro-scroll-view-core') as HTMLElement & { mpScrollTop?: number };
  await waitFor(() => expect(Number(scrollView.mpScrollTop)).toBeGreaterThan(10_000_000));
  const bottomAsked = Number(scrollView.mpScrollTop);

  await tap('查看更早的消息');
  await waitFor(() => expect(texts('.chat-message__text')).toHaveLength(25));
  expect(texts('.chat-message__text').slice(0, 6)).toEqual(['消息 1', '消息 2', '消息 3', '消息 4', '消息 5', '消息 6']);
  expect(cloud.callsOf('chat', 'messages').at(-1)!.payload).toEqual({ customerId: CUSTOMER, page: 2, pageSize: 20 });
  expect(screen.getByText('以上是全部消息')).toBeTruthy();
  // The reader stays where they were: at the message that was first before the older ones came in (not sent to the bottom).
  await waitFor(() => expect(scrolledTo.at(-1)).toBe('m-cm_006'));
  expect(Number(scrollView.mpScrollTop)).toBe(bottomAsked);
});

test('When a reply is sent offline, then it shows 待发送 (kept on the device), goes out once when the network returns, and then shows 待同步 and later 已同步 live', async () => {
  const cloud = installFakeCloud();
  const box = chatBackend(cloud, [message(1, { content: '打印模块报错了' })], { waitingSince: new Date().toISOString(), bounceAt: new Date(Date.now() + 9 * 60_000).toISOString() });
  const store = signedIn();
  const stop = startOutbox(store, { retryDelaysMs: [60_000] });
  renderPage(<ChatDetailPage />, PATH, store);
  await screen.findByText('打印模块报错了');
  expect(texts('.chat-banner__countdown')[0]).toMatch(/^0[89]:\d\d 后退回总部$/);

  cloud.setOffline(true);
  await typeInto('输入回复内容', '请重启打印服务后再试');
  await tap('发送');
  await waitFor(() => expect(texts('.chat-message--outbox-pending .chat-message__state')).toEqual(['待发送']));
  expect(texts('.chat-message--outbox-pending .chat-message__text')).toEqual(['请重启打印服务后再试']);
  expect((Taro.getStorageSync(OUTBOX_STORAGE_KEY) as { payload: { content: string } }[]).map((i) => i.payload.content)).toEqual(['请重启打印服务后再试']);

  cloud.setOffline(false);
  await act(async () => {
    window.dispatchEvent(new Event('online'));
  });
  // The cloud has it once; the page shows the server's message with its delivery state, not the local copy.
  await waitFor(() => expect(texts('.chat-message--mine .chat-message__state')).toEqual(['待同步']));
  expect(box.messages.filter((m) => m.content === '请重启打印服务后再试')).toHaveLength(1);
  expect(document.querySelectorAll('[class*="chat-message--outbox-"]')).toHaveLength(0);
  // Answered: the countdown is gone.
  expect(document.querySelector('.chat-banner__countdown')).toBeNull();
  expect(texts('.chat-banner__line')).toEqual(['已回复，等待客户消息']);

  // The outbox timer delivered it to the PC side: the signal moves, the state reads 已同步.
  box.messages.find((m) => m.content === '请重启打印服务后再试')!.syncStatus = 'delivered';
  await act(async () => bumpTopics(store, ['chat']));
  await waitFor(() => expect(texts('.chat-message--mine .chat-message__state')).toEqual(['已同步']));
  stop();
});

test('When the cloud refuses a reply, then it shows 发送失败 with the reason, and 重试 sends it again with the same client id', async () => {
  const cloud = installFakeCloud();
  const box = chatBackend(cloud, [message(1)]);
  let refuse = true;
  const send = (cloud as any).handlers.get('chat.send');
  cloud.on('chat', 'send', (payload, call) => (refuse ? refusal('CONFLICT', '操作冲突，请稍后重试') : send(payload, call)));
  const store = signedIn();
  renderPage(<ChatDetailPage />, PATH, store);
  await screen.findByText('消息 1');

  await typeInto('输入回复内容', '您好');
  await tap('发送');
  await screen.findByText('发送失败');
  expect(screen.getByText('操作冲突，请稍后重试')).toBeTruthy();

  refuse = false;
  await tap('重试');
  await waitFor(() => expect(texts('.chat-message--mine .chat-message__state')).toEqual(['待同步']));
  const ids = cloud.callsOf('chat', 'send').map((c) => (c.payload as { clientMessageId: string }).clientMessageId);
  expect(ids).toHaveLength(2);
  expect(ids[0]).toBe(ids[1]);
  expect(box.messages.filter((m) => m.content === '您好')).toHaveLength(1);
});

test("When a customer writes while the chat is open, then the message appears without a reload", async () => {
  const cloud = installFakeCloud();
  const box = chatBackend(cloud, [message(1, { content: '在吗' })]);
  const { store } = renderPage(<ChatDetailPage />, PATH, signedIn());
  await screen.findByText('在吗');

  box.messages.push(message(2, { content: '系统登录不了' }));
  box.conversation = { ...box.conversation, waitingSince: new Date().toISOString(), bounceAt: new Date(Date.now() + 10 * 60_000).toISOString() };
  await act(async () => bumpTopics(store, ['chat']));
  await screen.findByText('系统登录不了');
  expect(texts('.chat-message__text')).toEqual(['在吗', '系统登录不了']);
  expect(texts('.chat-banner__line')).toEqual(['客户刚刚发来消息']);
  expect(texts('.chat-banner__countdown')[0]).toMatch(/^(10:00|09:5\d) 后退回总部$/);
});

test('When 升级为工单 is confirmed with a summary and reason, then chat.escalate gets them and the new ticket opens', async () => {
  const cloud = installFakeCloud();
  chatBackend(cloud, [message(1, { content: '数据导出失败' })]);
  cloud.on('chat', 'escalate', { ticketId: 'tk_new' });
  renderPage(<ChatDetailPage />, PATH, signedIn());
  await screen.findByText('数据导出失败');

  await tap('升级为工单');
  await tap('确认升级');
  expect(screen.getByText('请概括客户的问题')).toBeTruthy();
  expect(screen.getByText('请填写升级原因')).toBeTruthy();

  await typeInto('概括客户的问题', '客户数据导出失败，疑似版本缺陷');
  await typeInto('如：需总部技术支持', '需总部研发排查');
  await tap('确认升级');
  expect(await modalShown()).toMatchObject({ title: '升级为工单？', confirmText: '升级' });
  await answerModal('confirm');
  await waitFor(() => expect(cloud.callsOf('chat', 'escalate').map((c) => c.payload)).toEqual([{ customerId: CUSTOMER, content: '客户数据导出失败，疑似版本缺陷', reason: '需总部研发排查' }]));
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_new'));
});

test('When the chat was already escalated, then the banner says so and 查看工单 opens that ticket', async () => {
  const cloud = installFakeCloud();
  chatBackend(cloud, [message(1)], { status: 'escalated', escalatedTicketId: 'tk_old' });
  renderPage(<ChatDetailPage />, PATH, signedIn());
  await screen.findByText('查看工单');
  expect(texts('.chat-banner__line')).toEqual(['已升级为工单']);
  expect(screen.queryByText('升级为工单')).toBeNull();
  await tap('查看工单');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_old'));
});

test('When chat.escalate refuses (escalated meanwhile), then the sheet says why in Chinese and offers the ticket it names', async () => {
  const cloud = installFakeCloud();
  chatBackend(cloud, [message(1, { content: '还是不行' })]);
  cloud.on('chat', 'escalate', refusal('FAILED_PRECONDITION', '该客户没有咨询会话，或会话已升级且工单未解决', { ticketId: 'tk_open' }));
  renderPage(<ChatDetailPage />, PATH, signedIn());
  await screen.findByText('还是不行');
  await tap('升级为工单');
  await typeInto('概括客户的问题', '同一问题');
  await typeInto('如：需总部技术支持', '再次升级');
  await tap('确认升级');
  await answerModal('confirm');
  await screen.findByText('该客户没有咨询会话，或会话已升级且工单未解决');
  await tap('查看已有工单');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_open'));
});

test('When the chat cannot be loaded, then the error and 重试 load it', async () => {
  const cloud = installFakeCloud().failNetwork('chat', 'messages', 1);
  chatBackend(cloud, [message(1, { content: '你好' })]);
  renderPage(<ChatDetailPage />, PATH, signedIn());
  await screen.findByText('加载失败');
  await tap('重试');
  await screen.findByText('你好');
});
