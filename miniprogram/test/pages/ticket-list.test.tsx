/**
 * 工单列表 (seed §1.2.5): rows with every list field and their tags, search and the three filters sent as
 * tickets.list's payload, paging, pull-down/live refetch, empty and error states, a tap opening the detail.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { createStore } from 'jotai';
import WorkbenchPage from '../../src/pages/index/index';
import TicketListPage from '../../src/pages/ticket/list';
import { bumpTopics } from '../../src/state/live';
import { ticketFiltersAtom } from '../../src/state/ticket-filters';
import { installFakeCloud } from '../support/fake-cloud';
import { overviewAnswer } from '../support/fixtures';
import { tap, tapElement, typeInto } from '../support/interact';
import { renderPage } from '../support/render-page';
import { ticketDesk, ticketDetail } from './ticket-fake-desk';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);
const lastListPayload = (cloud: ReturnType<typeof installFakeCloud>) => cloud.callsOf('tickets', 'list').at(-1)!.payload;
const PATH = '/pages/ticket/list';

test('When 工单列表 opens, then each row shows number, title, status / escalation / priority tags, type, customer and handler', async () => {
  const cloud = installFakeCloud();
  // tk_4: processing, escalated, normal priority; tk_5: resolved, urgent; tk_6: open, nobody assigned.
  ticketDesk(cloud, [ticketDetail(4), ticketDetail(5), ticketDetail(6)]);
  renderPage(<TicketListPage />, PATH);

  await waitFor(() => expect(texts('.ticket-row__title')).toEqual(['工单标题 4', '工单标题 5', '工单标题 6']));
  expect(cloud.callsOf('tickets', 'list').map((c) => c.payload)).toEqual([{ page: 1, pageSize: 20 }]);
  expect(texts('.ticket-row__no')).toEqual(['GD20261207-0004', 'GD20261207-0005', 'GD20261207-0006']);
  const rows = Array.from(document.querySelectorAll('.ticket-row'));
  expect(rows.map((row) => Array.from(row.querySelectorAll('.status-tag')).map((t) => t.textContent))).toEqual([['处理中', '已升级'], ['已解决', '紧急优先级'], ['待处理']]);
  expect(texts('.ticket-row__type')).toEqual(['问题升级', '投诉', '系统问题']);
  expect(texts('.ticket-row__customer')).toEqual(['客户 4', '客户 5', '客户 6']);
  // Relative times depend on today's date (utils/format's own tests pin them): here only that each row has one.
  expect(texts('.ticket-row__created')).toEqual([expect.stringMatching(/^创建于 \S+/), expect.stringMatching(/^创建于 \S+/), expect.stringMatching(/^创建于 \S+/)]);
  expect(texts('.ticket-row__assignee')).toEqual(['处理人：周云帆', '处理人：周云帆', '未分配处理人']);
  expect(screen.getByText('共 3 条工单')).toBeTruthy();
});

test('When status, type and 仅看已升级 are chosen, then each change asks tickets.list from page 1 with exactly those filters', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, Array.from({ length: 24 }, (_, i) => ticketDetail(i + 1)));
  renderPage(<TicketListPage />, PATH);
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(20));

  await tap('处理中');
  await waitFor(() => expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20, status: 'processing' }));
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(8));
  expect(new Set(Array.from(document.querySelectorAll('.ticket-row')).map((row) => row.querySelector('.status-tag')!.textContent))).toEqual(new Set(['处理中']));

  await tap('产品建议');
  await waitFor(() => expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20, status: 'processing', type: 'product_suggestion' }));
  // Product suggestions are tk_1, 7, 13, 19: all processing (i % 3 === 1), none escalated (i % 4 === 0).
  await waitFor(() => expect(texts('.ticket-row__title')).toEqual(['工单标题 1', '工单标题 7', '工单标题 13', '工单标题 19']));

  await tapElement(screen.getByRole('switch'));
  await waitFor(() => expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20, status: 'processing', type: 'product_suggestion', escalationStatus: 'escalated' }));
  await screen.findByText('没有符合条件的工单');
  expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true');

  await tap('全部');
  await tap('全部类型');
  await waitFor(() => expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20, escalationStatus: 'escalated' }));
  await waitFor(() => expect(texts('.ticket-row__title')).toEqual(['工单标题 4', '工单标题 8', '工单标题 12', '工单标题 16', '工单标题 20', '工单标题 24']));
});

test('When a number or part of a title is typed, then the list is asked once typing pauses, with the trimmed keyword', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, Array.from({ length: 12 }, (_, i) => ticketDetail(i + 1)));
  renderPage(<TicketListPage />, PATH);
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(12));

  await typeInto('搜索工单号或标题', ' GD20261207-0007 ');
  await waitFor(() => expect(texts('.ticket-row__title')).toEqual(['工单标题 7']));
  expect(cloud.callsOf('tickets', 'list').map((c) => c.payload)).toEqual([{ page: 1, pageSize: 20 }, { page: 1, pageSize: 20, keyword: 'GD20261207-0007' }]);

  await typeInto('搜索工单号或标题', '没有这个');
  await screen.findByText('没有符合条件的工单');
  await tap('清除筛选');
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(12));
  expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20 });
});

test('When there are more tickets than a page, then 加载更多 asks page 2 and appends it, and the footer says when all are shown', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, Array.from({ length: 25 }, (_, i) => ticketDetail(i + 1)));
  renderPage(<TicketListPage />, PATH);
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(20));

  await tap('上拉或点击加载更多');
  await waitFor(() => expect(texts('.ticket-row__title')).toHaveLength(25));
  expect(lastListPayload(cloud)).toEqual({ page: 2, pageSize: 20 });
  expect(screen.getByText('共 25 条 · 没有更多了')).toBeTruthy();
});

test('When a ticket changes elsewhere (the tickets signal), then the rows shown are fetched again without a reload', async () => {
  const cloud = installFakeCloud();
  const tickets = ticketDesk(cloud, [ticketDetail(3), ticketDetail(6)]);
  const { store } = renderPage(<TicketListPage />, PATH);
  await waitFor(() => expect(texts('.ticket-row .status-tag')).toEqual(['待处理', '待处理']));

  Object.assign(tickets[0], { status: 'resolved' });
  act(() => bumpTopics(store, ['tickets']));
  await waitFor(() => expect(texts('.ticket-row .status-tag')).toEqual(['已解决', '待处理']));
  expect(cloud.callsOf('tickets', 'list')).toHaveLength(2);
});

test('When a row is tapped, then its detail opens with its id', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, [ticketDetail(3)]);
  renderPage(<TicketListPage />, PATH);
  await tap(await screen.findByText('工单标题 3').then((el) => el.textContent!));
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_3'));
});

test('When the list cannot be fetched, then the reason shows with 重试, and 重试 brings the rows', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, [ticketDetail(3)]);
  cloud.failNetwork('tickets', 'list', 1);
  renderPage(<TicketListPage />, PATH);
  await screen.findByText('重试');
  await tap('重试');
  await waitFor(() => expect(texts('.ticket-row__title')).toEqual(['工单标题 3']));
});

test('When there are no tickets at all, then the page says so and where tickets come from', async () => {
  const cloud = installFakeCloud();
  ticketDesk(cloud, []);
  renderPage(<TicketListPage />, PATH);
  await screen.findByText('暂无工单');
  expect(screen.getByText('在客户详情中可以为客户创建工单')).toBeTruthy();
});

test('When 工作台’s escalated-tickets note is tapped, then 工单 opens with 仅看已升级 on; 待处理工单 opens it with every filter cleared', async () => {
  const cloud = installFakeCloud().on('dashboard', 'overview', overviewAnswer({ escalatedTickets: 3 }));
  ticketDesk(cloud, Array.from({ length: 6 }, (_, i) => ticketDetail(i + 1)));
  const store = createStore();
  renderPage(<WorkbenchPage />, '/pages/index/index', store);
  await tapElement(await screen.findByText('3 个工单已升级到总部，尚未解决'));
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/list'));
  expect(store.get(ticketFiltersAtom)).toEqual({ keyword: '', status: 'all', type: 'all', escalatedOnly: true });

  renderPage(<TicketListPage />, PATH, store);
  await waitFor(() => expect(lastListPayload(cloud)).toEqual({ page: 1, pageSize: 20, escalationStatus: 'escalated' }));

  store.set(ticketFiltersAtom, { keyword: '打印', status: 'resolved', type: 'all', escalatedOnly: true });
  renderPage(<WorkbenchPage />, '/pages/index/index', store);
  await tapElement((await screen.findAllByText('待处理工单'))[0]);
  expect(store.get(ticketFiltersAtom)).toEqual({ keyword: '', status: 'all', type: 'all', escalatedOnly: false });
});
