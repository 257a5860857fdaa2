/**
 * 工作台 (seed §1.2.2): every figure exactly as dashboard.overview answers it, the entries leading to their
 * pages, the error with 重试, and figures that change while the page is open (live updates through the
 * state: the badge updater refetches the overview the page shows).
 */
import { act, screen, waitFor } from '@testing-library/react';
import WorkbenchPage from '../../src/pages/index/index';
import { bumpTopics } from '../../src/state/live';
import { startBadgeUpdates } from '../../src/state/overview';
import { installFakeCloud } from '../support/fake-cloud';
import { overviewAnswer } from '../support/fixtures';
import { tap } from '../support/interact';
import { firePageEvent } from '../support/page-events';
import { renderPage } from '../support/render-page';

const text = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);

test('When 工作台 opens, then it shows a skeleton, then the provider, the user and every figure of dashboard.overview', async () => {
  const cloud = installFakeCloud().on('dashboard', 'overview', overviewAnswer({ customerCount: 1204, activeCustomers: 1003, expiringCustomers: 96, expiredCustomers: 105 }));
  const gate = cloud.hold();
  renderPage(<WorkbenchPage />, '/pages/index/index');
  expect(screen.getByLabelText('加载中')).toBeTruthy();
  gate.release();

  await screen.findByText('上海云帆信息技术有限公司');
  expect(screen.getByText('周云帆 · 管理员')).toBeTruthy();
  expect(text('.workbench__todo-label')).toEqual(['待处理工单', '未读消息', '待回复咨询']);
  expect(text('.workbench__todo-value')).toEqual(['37', '12', '3']);
  expect(text('.figures__label')).toEqual(['客户总数', '活跃客户', '即将到期', '工单解决率']);
  expect(text('.figures__value')).toEqual(['1,204', '1,003', '96', '81.3%']);
  expect(text('.figures__legend-item')).toEqual(['活跃 1,003', '即将到期 96', '已过期 105']);
  expect(screen.getByText('4 个工单已升级到总部，尚未解决')).toBeTruthy();
  expect(text('.quick-entries__label')).toEqual(['客户管理', '工单管理', '消息中心', '咨询']);
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['dashboard.overview']);
});

test('When no ticket was opened in 30 days, then the rate reads 暂无 and says why; nothing escalated shows no banner', async () => {
  installFakeCloud().on('dashboard', 'overview', overviewAnswer({ ticketResolutionRate: null, escalatedTickets: 0 }));
  renderPage(<WorkbenchPage />, '/pages/index/index');
  await screen.findByText('暂无');
  expect(screen.getByText('近30天无新建工单')).toBeTruthy();
  expect(screen.queryByText(/已升级到总部/)).toBeNull();
});

test('When the overview cannot be fetched, then the page says why and 重试 brings the figures', async () => {
  installFakeCloud().failNetwork('dashboard', 'overview').on('dashboard', 'overview', overviewAnswer());
  renderPage(<WorkbenchPage />, '/pages/index/index');
  await screen.findByText('网络异常，请稍后重试');
  await tap('重试');
  await screen.findByText('上海云帆信息技术有限公司');
});

test('When tickets change elsewhere, then the figures on the open page change without a reload; pull-down fetches too', async () => {
  let pending = 37;
  const cloud = installFakeCloud().on('dashboard', 'overview', () => overviewAnswer({ pendingTickets: pending }));
  const { store } = renderPage(<WorkbenchPage />, '/pages/index/index');
  const stop = startBadgeUpdates(store, { debounceMs: 1, notify: () => undefined });
  await screen.findByText('37');

  pending = 38;
  act(() => bumpTopics(store, ['tickets']));
  await waitFor(() => expect(text('.workbench__todo-value')).toEqual(['38', '12', '3']));

  pending = 39;
  await firePageEvent('onPullDownRefresh');
  await waitFor(() => expect(text('.workbench__todo-value')).toEqual(['39', '12', '3']));
  expect(cloud.callsOf('dashboard', 'overview')).toHaveLength(3);
  stop();
});

test('When an entry is tapped, then its page opens: the tabs by switchTab, 咨询 on top', async () => {
  installFakeCloud().on('dashboard', 'overview', overviewAnswer());
  renderPage(<WorkbenchPage />, '/pages/index/index');
  await screen.findByText('待处理工单');

  await tap('待处理工单');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/list'));
  await tap('消息中心');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/message/index'));
  await tap('待回复咨询');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/chat/list'));
  await tap('客户管理');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/customer/list'));
});
