/**
 * The paged list as every list page uses it (usePagedList + PagedListView): skeleton, first page, more at
 * the bottom (onReachBottom, and a tap on the footer), the end, errors with 重试 at each step, the empty
 * state, pull-down refresh and a live refetch of the pages shown.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { Text } from '@tarojs/components';
import { PagedListView } from '../../src/components/paged-list';
import { listMessages, type MessageListItem } from '../../src/services/messages';
import { bumpTopics } from '../../src/state/live';
import { usePagedList } from '../../src/state/paged-list';
import { installFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { messageItem, unreadOf } from '../support/fixtures';
import { tap } from '../support/interact';
import { firePageEvent } from '../support/page-events';
import { renderPage } from '../support/render-page';

function MessageList() {
  const list = usePagedList<MessageListItem>({
    load: async (page, pageSize) => {
      const answer = await listMessages({ page, pageSize });
      return { items: answer.messages, total: answer.total };
    },
    keyOf: (m) => m.id,
    topics: ['messages'],
  });
  return <PagedListView list={list} keyOf={(m) => m.id} renderItem={(m) => <Text className='row'>{m.title}</Text>} empty={{ title: '暂无消息', description: '新的消息会出现在这里' }} />;
}

/** messages.list over `count` messages, as the function pages them. */
function serveMessages(cloud: FakeCloud, count: () => number) {
  cloud.on('messages', 'list', ({ page = 1, pageSize = 20 }) => {
    const all = Array.from({ length: count() }, (_, i) => messageItem(i + 1));
    return { messages: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize, unread: unreadOf(all) };
  });
}

const rows = () => Array.from(document.querySelectorAll('.row')).map((r) => r.textContent);

test('When the list opens, then a skeleton shows until the first page; reaching the bottom loads the next; the end says how many there were', async () => {
  const cloud = installFakeCloud();
  serveMessages(cloud, () => 45);
  const gate = cloud.hold();
  renderPage(<MessageList />, '/pages/message/index');
  expect(screen.getByLabelText('加载中')).toBeTruthy();
  gate.release();

  await waitFor(() => expect(rows()).toHaveLength(20));
  expect(rows()[0]).toBe('消息标题 1');
  expect(screen.getByText('上拉或点击加载更多')).toBeTruthy();

  await firePageEvent('onReachBottom');
  await waitFor(() => expect(rows()).toHaveLength(40));
  // A tap on the footer loads more too (a short page never scrolls to its bottom).
  await tap('上拉或点击加载更多');
  await waitFor(() => expect(rows()).toHaveLength(45));
  expect(screen.getByText('共 45 条 · 没有更多了')).toBeTruthy();
  expect(cloud.callsOf('messages', 'list').map((c) => c.payload)).toEqual([
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 20 },
    { page: 3, pageSize: 20 },
  ]);

  // At the end, reaching the bottom asks for nothing.
  await firePageEvent('onReachBottom');
  expect(cloud.callsOf('messages', 'list')).toHaveLength(3);
});

test('When the first page fails, then the error and 重试 show, and 重试 loads it', async () => {
  const cloud = installFakeCloud().failNetwork('messages', 'list');
  serveMessages(cloud, () => 3);
  renderPage(<MessageList />, '/pages/message/index');

  await screen.findByText('加载失败');
  expect(screen.getByText('网络异常，请稍后重试')).toBeTruthy();
  await tap('重试');
  await waitFor(() => expect(rows()).toEqual(['消息标题 1', '消息标题 2', '消息标题 3']));
  expect(screen.queryByText('加载失败')).toBeNull();
});

test('When loading more fails, then the rows stay and the footer offers to try again', async () => {
  const cloud = installFakeCloud();
  serveMessages(cloud, () => 30);
  renderPage(<MessageList />, '/pages/message/index');
  await waitFor(() => expect(rows()).toHaveLength(20));

  cloud.failNetwork('messages', 'list');
  await firePageEvent('onReachBottom');
  await screen.findByText('网络异常，请稍后重试，点击重试');
  expect(rows()).toHaveLength(20);

  await tap('网络异常，请稍后重试，点击重试');
  await waitFor(() => expect(rows()).toHaveLength(30));
});

test('When there is nothing, then the empty state says so', async () => {
  const cloud = installFakeCloud();
  serveMessages(cloud, () => 0);
  renderPage(<MessageList />, '/pages/message/index');
  await screen.findByText('暂无消息');
  expect(screen.getByText('新的消息会出现在这里')).toBeTruthy();
});

test('When pulled down or told of a change, then the pages shown are fetched again in place, new rows on top', async () => {
  let count = 25;
  const cloud = installFakeCloud();
  // Newest first: a new message pushes the others down.
  cloud.on('messages', 'list', ({ page = 1, pageSize = 20 }) => {
    const all = Array.from({ length: count }, (_, i) => messageItem(count - i, { title: `消息 ${count - i}` }));
    return { messages: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize, unread: unreadOf(all) };
  });
  const { store } = renderPage(<MessageList />, '/pages/message/index');
  await waitFor(() => expect(rows()).toHaveLength(20));
  await firePageEvent('onReachBottom');
  await waitFor(() => expect(rows()).toHaveLength(25));

  count = 26;
  await firePageEvent('onPullDownRefresh');
  await waitFor(() => expect(rows()[0]).toBe('消息 26'));
  expect(rows()).toHaveLength(26);
  expect(cloud.callsOf('messages', 'list').slice(2).map((c) => c.payload)).toEqual([
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 20 },
  ]);

  count = 27;
  act(() => bumpTopics(store, ['messages']));
  await waitFor(() => expect(rows()[0]).toBe('消息 27'));
  expect(rows()).toHaveLength(27);
  // Nothing was emptied on the way: no skeleton, no duplicate.
  expect(new Set(rows()).size).toBe(27);
  // Another topic is not this list's business.
  act(() => bumpTopics(store, ['tickets']));
  expect(cloud.callsOf('messages', 'list')).toHaveLength(6);
});
