/**
 * 咨询 list: each consultation with its customer, last message, waiting time, unread count and the
 * accept-or-bounce countdown (or 已退回总部 / 已升级为工单), paging, pull-down, live refresh, the empty and
 * error states, and a tap opening the chat.
 */
import { act, screen, waitFor } from '@testing-library/react';
import type { ConversationView } from '@partner-desk/contract';
import ChatListPage from '../../src/pages/chat/list';
import { bumpTopics } from '../../src/state/live';
import { installFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { firePageEvent } from '../support/page-events';
import { tap } from '../support/interact';
import { renderPage } from '../support/render-page';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);

function conversation(i: number, overrides: Partial<ConversationView> = {}): ConversationView {
  const at = new Date(Date.now() - i * 60_000).toISOString();
  return {
    customerId: `cus_${i}`,
    customerName: `客户${i}`,
    lastMessage: `第 ${i} 个问题`,
    lastSenderType: 'customer',
    lastMessageAt: at,
    unreadCount: 0,
    waitingSince: null,
    status: 'open',
    escalatedTicketId: null,
    bounceAt: null,
    bouncedAt: null,
    ...overrides,
  };
}

function serve(cloud: FakeCloud, all: ConversationView[]) {
  cloud.on('chat', 'conversations', ({ page = 1, pageSize = 20 }) => ({ conversations: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize }));
}

test('When 咨询 opens, then each consultation shows its customer, last message, unread count, waiting time and countdown, or its bounced / escalated state', async () => {
  const cloud = installFakeCloud();
  const now = Date.now();
  serve(cloud, [
    conversation(1, { customerName: '杭州明远', lastMessage: '打印模块报错', unreadCount: 3, waitingSince: new Date(now - 5 * 60_000 - 5000).toISOString(), bounceAt: new Date(now + 8 * 60_000 + 30_000).toISOString() }),
    conversation(2, { customerName: '苏州恒通', lastMessage: '好的，谢谢', lastSenderType: 'service_provider' }),
    conversation(3, { customerName: '南京科达', status: 'bounced', bouncedAt: new Date(now - 2 * 3600_000).toISOString(), waitingSince: new Date(now - 3 * 3600_000).toISOString() }),
    conversation(4, { customerName: '无锡华新', status: 'escalated', escalatedTicketId: 'tk_9' }),
    conversation(5, { customerName: '常州远景', waitingSince: new Date(now - 20 * 60_000).toISOString(), bounceAt: new Date(now + 2 * 60_000).toISOString() }),
  ]);
  renderPage(<ChatListPage />, '/pages/chat/list');

  await waitFor(() => expect(texts('.conversation-row__name')).toEqual(['杭州明远', '苏州恒通', '南京科达', '无锡华新', '常州远景']));
  expect(texts('.conversation-row__last')).toEqual(['打印模块报错', '我：好的，谢谢', '第 3 个问题', '第 4 个问题', '第 5 个问题']);
  expect(texts('.conversation-row__unread')).toEqual(['3']);
  expect(texts('.conversation-row .status-tag')).toEqual(['待回复', '已回复', '已退回总部', '已升级为工单', '待回复']);
  const waiting = texts('.conversation-row__waiting');
  expect([waiting[0], waiting[2]]).toEqual(['客户已等待 5 分钟', '客户已等待 20 分钟']);
  // The bounced one says when (as list times read: 14:20, 昨天 14:20 …).
  expect(waiting[1]).toMatch(/^(昨天 )?\d\d:\d\d退回$/);
  const [first, urgent] = texts('.conversation-row__countdown');
  expect(first).toMatch(/^08:(2\d|30) 后退回总部$/);
  expect(urgent).toMatch(/^0[12]:\d\d 后退回总部$/);
  expect(document.querySelectorAll('.conversation-row__countdown--urgent')).toHaveLength(1);

  // The countdown ticks.
  const before = texts('.conversation-row__countdown')[0];
  await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
  expect(texts('.conversation-row__countdown')[0]).not.toBe(before);
});

test('When more consultations exist than a page, then the bottom loads the next page; pull-down and a live change fetch the pages shown again', async () => {
  const cloud = installFakeCloud();
  const all = Array.from({ length: 25 }, (_, i) => conversation(i + 1));
  serve(cloud, all);
  const { store } = renderPage(<ChatListPage />, '/pages/chat/list');
  await waitFor(() => expect(texts('.conversation-row__name')).toHaveLength(20));

  await firePageEvent('onReachBottom');
  await waitFor(() => expect(texts('.conversation-row__name')).toHaveLength(25));
  expect(cloud.callsOf('chat', 'conversations').map((c) => c.payload)).toEqual([
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 20 },
  ]);
  expect(screen.getByText('共 25 条 · 没有更多了')).toBeTruthy();

  // A customer writes: the live signal refetches, the conversation moves up with its unread count.
  all.unshift(conversation(0, { customerId: 'cus_new', customerName: '新客户', lastMessage: '在吗？', unreadCount: 1, waitingSince: new Date().toISOString() }));
  await act(async () => bumpTopics(store, ['chat']));
  await waitFor(() => expect(texts('.conversation-row__name')[0]).toBe('新客户'));
  expect(texts('.conversation-row__unread')).toEqual(['1']);

  // The live refetch asked for both pages shown; pull-down does the same.
  const calls = cloud.callsOf('chat', 'conversations').length;
  expect(calls).toBe(4);
  await firePageEvent('onPullDownRefresh');
  await waitFor(() => expect(cloud.callsOf('chat', 'conversations').slice(calls).map((c) => c.payload)).toEqual([
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 20 },
  ]));
});

test('When there is no consultation, then the empty state says so', async () => {
  const cloud = installFakeCloud();
  serve(cloud, []);
  renderPage(<ChatListPage />, '/pages/chat/list');
  await screen.findByText('暂无咨询');
  expect(screen.getByText('客户在 PC 端咨询并转给本服务商后，会出现在这里')).toBeTruthy();
});

test('When the first page fails, then the error and 重试 load it', async () => {
  const cloud = installFakeCloud().failNetwork('chat', 'conversations', 1);
  serve(cloud, [conversation(1, { customerName: '杭州明远' })]);
  renderPage(<ChatListPage />, '/pages/chat/list');
  await screen.findByText('加载失败');
  await tap('重试');
  await waitFor(() => expect(texts('.conversation-row__name')).toEqual(['杭州明远']));
});

test('When a consultation is tapped, then its chat opens with the customer id and name', async () => {
  const cloud = installFakeCloud();
  serve(cloud, [conversation(1, { customerId: 'cus_42', customerName: '杭州明远' })]);
  renderPage(<ChatListPage />, '/pages/chat/list');
  await screen.findByText('杭州明远');
  await tap('杭州明远');
  await waitFor(() => expect(decodeURIComponent(window.location.hash)).toBe('#/pages/chat/detail?customerId=cus_42&name=杭州明远'));
});
