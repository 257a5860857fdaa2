/**
 * 客户列表 (seed §1.2.3): every list field with its status tag, the search and the three filters each sent as
 * the contract's payload, paging and pull-down, the error with 重试, the empty state, live refresh, the tap
 * to the detail, and 工作台's figures opening the list filtered.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import type { CustomerListItem, ListCustomersPayload } from '@partner-desk/contract';
import CustomerListPage from '../../src/pages/customer/list';
import WorkbenchPage from '../../src/pages/index/index';
import { customerQueryAtom, openCustomerList } from '../../src/state/customer-filters';
import { bumpTopics } from '../../src/state/live';
import { installFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { overviewAnswer } from '../support/fixtures';
import { tap, tapElement, typeInto } from '../support/interact';
import { firePageEvent } from '../support/page-events';
import { renderPage } from '../support/render-page';
import { customerItem } from './customer-fixtures';
import { createStore } from 'jotai';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);
const PATH = '/pages/customer/list';

/** The customers the fake function keeps, filtered as customers.list would (keyword on the name). */
function customerBook(cloud: FakeCloud, all: CustomerListItem[]) {
  cloud
    .on('customers', 'list', ({ page = 1, pageSize = 20, status, region, hasUnresolved, keyword }) => {
      const shown = all.filter(
        (c) =>
          (!status || c.status === status) &&
          (!region || c.region === region) &&
          (hasUnresolved === undefined || c.hasUnresolved === hasUnresolved) &&
          (!keyword || c.name.toLowerCase().includes(keyword.toLowerCase())),
      );
      return { customers: shown.slice((page - 1) * pageSize, page * pageSize), total: shown.length, page, pageSize };
    })
    .on('customers', 'regions', {
      regions: [
        { region: '浙江省杭州市', count: all.filter((c) => c.region === '浙江省杭州市').length },
        { region: '上海市', count: all.filter((c) => c.region === '上海市').length },
      ],
    });
}
const payloads = (cloud: FakeCloud) => cloud.callsOf('customers', 'list').map((c) => c.payload as ListCustomersPayload);

test('When 客户列表 opens, then after a skeleton each row shows name, status tag, version, ports, region, expiry, unresolved issues and the score, from one customers.list', async () => {
  const cloud = installFakeCloud();
  customerBook(cloud, [customerItem(0), customerItem(1), customerItem(2)]);
  const gate = cloud.hold();
  renderPage(<CustomerListPage />, PATH);
  expect(screen.getByLabelText('加载中')).toBeTruthy();
  gate.release();

  await waitFor(() => expect(texts('.customer-row__name')).toEqual(['客户公司 0', '客户公司 1', '客户公司 2']));
  expect(texts('.customer-row .status-tag')).toEqual(['活跃', '即将到期', '已过期']);
  expect(texts('.customer-row__software')).toEqual(['V9.0 专业版 · 10 个端口', 'V9.0 专业版 · 11 个端口', 'V9.0 专业版 · 12 个端口']);
  expect(texts('.customer-row__region')).toEqual(['上海市', '浙江省杭州市', '上海市']);
  expect(texts('.customer-row__expiry')).toEqual(['到期 2027-01-06', '到期 2027-01-05', '到期 2027-01-04']);
  expect(texts('.customer-row__issues')).toEqual(['2 个未解决问题', '无未解决问题', '无未解决问题']);
  expect(texts('.customer-row__score-value')).toEqual(['50', '51', '52']);
  expect(screen.getByText('共 3 位客户')).toBeTruthy();
  expect(texts('.segmented-tabs__tab')).toEqual(['全部', '活跃', '即将到期', '已过期']);
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['customers.list']);
  expect(payloads(cloud)).toEqual([{ page: 1, pageSize: 20 }]);
});

test('When status, 有未解决问题, a region and a keyword are chosen, then each is sent as the contract names it, and 清除筛选 sends none', async () => {
  const cloud = installFakeCloud();
  customerBook(cloud, [...Array.from({ length: 12 }, (_, i) => customerItem(i)), customerItem(13, { name: '外地客户', region: '江苏省苏州市', status: 'active' })]);
  renderPage(<CustomerListPage />, PATH);
  await waitFor(() => expect(texts('.customer-row__name')).toHaveLength(13));

  await tap('即将到期');
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20, status: 'expiring' }));
  await waitFor(() => expect(texts('.customer-row__name')).toEqual(['客户公司 1', '客户公司 4', '客户公司 7', '客户公司 10']));
  expect(screen.getByText('符合条件 4 位客户')).toBeTruthy();

  await tap('有未解决问题');
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20, status: 'expiring', hasUnresolved: true }));
  await waitFor(() => expect(texts('.customer-row__name')).toEqual(['客户公司 4']));
  expect(document.querySelector('[role="checkbox"]')!.getAttribute('aria-checked')).toBe('true');

  // The regions are asked for when the picker opens, not before.
  expect(cloud.callsOf('customers', 'regions')).toEqual([]);
  await tap('全部地区');
  await waitFor(() => expect(texts('.region-sheet__count')).toEqual(['6 位客户', '6 位客户']));
  expect(texts('.region-sheet__name')).toEqual(['全部地区', '浙江省杭州市', '上海市']);
  await tapElement(within(document.querySelector('.region-sheet')!).getByText('浙江省杭州市'));
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20, status: 'expiring', hasUnresolved: true, region: '浙江省杭州市' }));
  await screen.findByText('地区：浙江省杭州市');
  await screen.findByText('没有符合条件的客户');

  await tap('清除筛选', 1);
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20 }));
  await waitFor(() => expect(texts('.customer-row__name')).toHaveLength(13));

  await typeInto('搜索客户名称', ' 公司 1');
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20, keyword: '公司 1' }));
  await waitFor(() => expect(texts('.customer-row__name')).toEqual(['客户公司 1', '客户公司 10', '客户公司 11']));
});

test('When the list is longer than a page, then reaching the bottom loads page 2, and pull-down refetches what is shown', async () => {
  const cloud = installFakeCloud();
  const all = Array.from({ length: 25 }, (_, i) => customerItem(i));
  customerBook(cloud, all);
  renderPage(<CustomerListPage />, PATH);
  await waitFor(() => expect(texts('.customer-row__name')).toHaveLength(20));
  expect(screen.getByText('上拉或点击加载更多')).toBeTruthy();

  await firePageEvent('onReachBottom');
  await waitFor(() => expect(texts('.customer-row__name')).toHaveLength(25));
  expect(payloads(cloud).at(-1)).toEqual({ page: 2, pageSize: 20 });
  expect(screen.getByText('共 25 条 · 没有更多了')).toBeTruthy();

  all[0] = { ...all[0], name: '客户公司 0（已更名）' };
  await firePageEvent('onPullDownRefresh');
  await waitFor(() => expect(texts('.customer-row__name')[0]).toBe('客户公司 0（已更名）'));
  expect(payloads(cloud).slice(-2)).toEqual([
    { page: 1, pageSize: 20 },
    { page: 2, pageSize: 20 },
  ]);
});

test('When the list cannot be fetched, then the page says why in Chinese and 重试 brings the customers', async () => {
  const cloud = installFakeCloud().failNetwork('customers', 'list');
  customerBook(cloud, [customerItem(0)]);
  renderPage(<CustomerListPage />, PATH);
  await screen.findByText('网络异常，请稍后重试');
  await tap('重试');
  await waitFor(() => expect(texts('.customer-row__name')).toEqual(['客户公司 0']));
});

test('When the provider has no customers, then the list says so', async () => {
  const cloud = installFakeCloud();
  customerBook(cloud, []);
  renderPage(<CustomerListPage />, PATH);
  await screen.findByText('暂无客户');
});

test('When a ticket changes a customer elsewhere, then the open list refetches without a reload; a tap opens the customer', async () => {
  const cloud = installFakeCloud();
  const all = [customerItem(1), customerItem(2)];
  customerBook(cloud, all);
  const { store } = renderPage(<CustomerListPage />, PATH);
  await waitFor(() => expect(texts('.customer-row__issues')).toEqual(['无未解决问题', '无未解决问题']));

  all[0] = { ...all[0], unresolvedIssues: 1, hasUnresolved: true };
  act(() => bumpTopics(store, ['tickets']));
  await waitFor(() => expect(texts('.customer-row__issues')).toEqual(['1 个未解决问题', '无未解决问题']));

  await tap('客户公司 2');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/customer/detail?id=cus_002'));
});

test('When 工作台’s 即将到期 figure is tapped, then 客户 opens listing expiring customers only; 客户管理 opens it unfiltered', async () => {
  const cloud = installFakeCloud().on('dashboard', 'overview', overviewAnswer());
  customerBook(cloud, Array.from({ length: 6 }, (_, i) => customerItem(i)));
  const store = createStore();
  renderPage(<WorkbenchPage />, '/pages/index/index', store);
  await screen.findByText('数据概览');

  await tapElement(screen.getAllByText('即将到期')[0].closest('.figures__item')!);
  await waitFor(() => expect(window.location.hash).toBe('#/pages/customer/list'));
  expect(store.get(customerQueryAtom)).toEqual({ keyword: '', status: 'expiring' });

  renderPage(<CustomerListPage />, PATH, store);
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20, status: 'expiring' }));
  expect(document.querySelector('.segmented-tabs__tab--active')!.textContent).toBe('即将到期');

  await act(() => openCustomerList(store));
  await waitFor(() => expect(payloads(cloud).at(-1)).toEqual({ page: 1, pageSize: 20 }));
  await tap('客户管理');
  expect(store.get(customerQueryAtom)).toEqual({ keyword: '' });
});
