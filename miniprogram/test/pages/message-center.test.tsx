/**
 * 消息中心 (seed §1.2.7): categories with their unread counts, the list, the detail sheet that marks a
 * message read and leads to what it is about, 全部已读 per category (confirmed), and new messages arriving
 * while the page is open.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import type { MessageListItem } from '@partner-desk/contract';
import MessageCenterPage from '../../src/pages/message/index';
import { bumpTopics } from '../../src/state/live';
import { installFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { messageItem, overviewAnswer, unreadOf } from '../support/fixtures';
import { answerModal, modalShown, tap } from '../support/interact';
import { renderPage } from '../support/render-page';

const texts = (selector: string, root: ParentNode = document) => Array.from(root.querySelectorAll(selector)).map((el) => el.textContent);

/** A message centre the fake functions keep: list by type, detail, read, readAll and counts stay consistent. */
function messageCentre(cloud: FakeCloud, initial: MessageListItem[]) {
  const box = initial.map((m) => ({ ...m }));
  cloud
    .on('messages', 'list', ({ page = 1, pageSize = 20, type }) => {
      const shown = box.filter((m) => !type || m.type === type);
      return { messages: shown.slice((page - 1) * pageSize, page * pageSize).map((m) => ({ ...m })), total: shown.length, page, pageSize, unread: unreadOf(box) };
    })
    .on('messages', 'detail', ({ id }) => {
      const m = box.find((x) => x.id === id)!;
      return { message: { ...m, content: `${m.content}（全文）`, serviceProviderId: 'sp_yunfan', readAt: null } };
    })
    .on('messages', 'read', ({ id }) => {
      box.find((x) => x.id === id)!.readStatus = 'read';
      return {};
    })
    .on('messages', 'readAll', ({ type }) => {
      const hit = box.filter((m) => m.readStatus === 'unread' && (!type || m.type === type));
      for (const m of hit) m.readStatus = 'read';
      return { updated: hit.length };
    })
    .on('dashboard', 'overview', () => overviewAnswer({ unreadMessages: unreadOf(box).total }));
  return box;
}

// Six messages: 0 system (unread), 1 customer alert (read), 2 ticket update (unread), 3 system (read), 4 customer alert (unread), 5 ticket update (read).
const SIX = Array.from({ length: 6 }, (_, i) => messageItem(i));

test('When 消息中心 opens, then the categories show their unread counts and the list shows title, summary, time and unread dots', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');

  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));
  expect(texts('.segmented-tabs__tab')).toEqual(['全部3', '系统通知1', '客户提醒1', '工单更新1']);
  expect(screen.getByText('3 条未读')).toBeTruthy();
  expect(texts('.message-row--unread .message-row__title')).toEqual(['消息标题 0', '消息标题 2', '消息标题 4']);
  expect(texts('.message-row__summary')[0]).toBe('消息摘要 0');
  // Under 全部 each row says its category.
  expect(texts('.message-row .status-tag')).toEqual(['系统通知', '客户提醒', '工单更新', '系统通知', '客户提醒', '工单更新']);
  expect(document.querySelectorAll('[aria-label="未读"]')).toHaveLength(3);
});

test('When a category is chosen, then only its messages are listed, asked for by type', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));

  await tap('客户提醒');
  await waitFor(() => expect(texts('.message-row__title')).toEqual(['消息标题 1', '消息标题 4']));
  expect(cloud.callsOf('messages', 'list').at(-1)!.payload).toEqual({ page: 1, pageSize: 20, type: 'customer_alert' });
  expect(screen.getByText('1 条未读')).toBeTruthy();
});

test('When a message is tapped, then its full text shows, it is marked read (dot gone, counts down) and its button opens the ticket with its id', async () => {
  const cloud = installFakeCloud();
  const box = messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));

  await tap('消息标题 2');
  await screen.findByText('消息摘要 2（全文）');
  await waitFor(() => expect(cloud.callsOf('messages', 'read').map((c) => c.payload)).toEqual([{ id: 'msg_002' }]));
  await waitFor(() => expect(texts('.message-row--unread .message-row__title')).toEqual(['消息标题 0', '消息标题 4']));
  await waitFor(() => expect(texts('.segmented-tabs__tab')).toEqual(['全部2', '系统通知1', '客户提醒1', '工单更新']));
  expect(box[2].readStatus).toBe('read');

  const sheet = document.querySelector<HTMLElement>('.message-sheet')!;
  expect(within(sheet).getByText('相关客户：客户 2')).toBeTruthy();
  await tap('查看工单');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_2'));
});

test('When a read message about a customer is opened, then it is not marked again and its button opens the customer', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));

  await tap('消息标题 1');
  await screen.findByText('消息摘要 1（全文）');
  expect(cloud.callsOf('messages', 'read')).toEqual([]);
  await tap('查看客户');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/customer/detail?id=cus_1'));
});

test('When 全部已读 is confirmed in a category, then that category is read and the list refetched; cancelling changes nothing', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));
  await tap('系统通知');
  await waitFor(() => expect(texts('.message-row__title')).toEqual(['消息标题 0', '消息标题 3']));

  await tap('全部已读');
  expect(await modalShown()).toEqual({ title: '全部标为已读？', content: '「系统通知」中 1 条未读消息将标为已读', confirmText: '全部已读' });
  await answerModal('cancel');
  expect(cloud.callsOf('messages', 'readAll')).toEqual([]);

  await tap('全部已读');
  await answerModal('confirm');
  await waitFor(() => expect(cloud.callsOf('messages', 'readAll').map((c) => c.payload)).toEqual([{ type: 'system_notification' }]));
  await waitFor(() => expect(document.querySelectorAll('.message-row--unread')).toHaveLength(0));
  await waitFor(() => expect(texts('.segmented-tabs__tab')).toEqual(['全部2', '系统通知', '客户提醒1', '工单更新1']));
  expect(screen.getByText('没有未读消息')).toBeTruthy();
});

test('When a message arrives while the page is open, then it appears on top and the counts follow, without a reload', async () => {
  const cloud = installFakeCloud();
  const box = messageCentre(cloud, SIX);
  const { store } = renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.message-row__title')).toHaveLength(6));

  box.unshift(messageItem(100, { title: '新工单 GD20261207-0001', type: 'ticket_update', readStatus: 'unread' }));
  act(() => bumpTopics(store, ['messages']));
  await waitFor(() => expect(texts('.message-row__title')[0]).toBe('新工单 GD20261207-0001'));
  await waitFor(() => expect(texts('.segmented-tabs__tab')).toEqual(['全部4', '系统通知1', '客户提醒1', '工单更新2']));
});

test('When nothing is there, then the category says so', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, []);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await screen.findByText('暂无消息');
  await tap('工单更新');
  await screen.findByText('暂无工单更新');
});

test('When 消息中心 first shows, then one messages.list answers both the list and every category’s count', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, SIX);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await waitFor(() => expect(texts('.segmented-tabs__tab')).toEqual(['全部3', '系统通知1', '客户提醒1', '工单更新1']));
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['messages.list']);
});

test('When a message is about a consultation or a reset request, then its button opens the chat with the customer or the requests', async () => {
  const cloud = installFakeCloud();
  messageCentre(cloud, [
    messageItem(1, { title: '客户咨询即将退回', type: 'customer_alert', relatedCustomerId: 'cus_9', relatedCustomerName: '杭州明达贸易有限公司', link: { kind: 'chat', id: 'cus_9' }, readStatus: 'read' }),
    messageItem(2, { title: '密码重置申请', type: 'system_notification', relatedCustomerId: null, relatedCustomerName: null, relatedTicketId: null, link: { kind: 'password_resets', id: 'pr_1' }, readStatus: 'read' }),
  ]);
  renderPage(<MessageCenterPage />, '/pages/message/index');
  await screen.findByText('客户咨询即将退回');

  await tap('客户咨询即将退回');
  await tap('进入咨询');
  await waitFor(() => expect(window.location.hash).toBe(`#/pages/chat/detail?customerId=cus_9&name=${encodeURIComponent('杭州明达贸易有限公司')}`));

  await tap('密码重置申请');
  await tap('处理重置申请');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/admin/password-resets'));
});
