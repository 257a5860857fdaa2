/**
 * cloud-client's wx.cloud transport inside WeChat's component model: miniprogram-simulate (the design card's
 * tool for the weapp side) loads a native custom component (test/fixtures/workbench-counts: Component(),
 * wxml, wxss, json) that reaches the cloud only through callCloud / watch, with `wx.cloud` over the running
 * emulators and this project's real functions (support/simulated-wx-cloud.ts: callFunction as the WeChat
 * platform calls a function, with the caller's OPENID; the watch from the emulator's rules and change
 * stream). What it proves: the transport's calls and watch work in a mini-program component's lifetimes —
 * attached fetches and watches, a change made elsewhere refetches without the test touching the component,
 * a tap's call changes what is drawn, detached closes the watch — and a watch the security rule refuses
 * reaches the component's onError. Taro's own pages are not loadable this way (see README).
 */
import path from 'node:path';
import { configureCloud, selectTransport } from '@partner-desk/cloud-client';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { addCustomer, addTicket, callAs, seedTenant, signInAs, startProductEmulators, type SeededTenant } from '../../../test-support';
import { installMiniProgramDom } from './support/mini-program-dom';
import { simulatedWxCloud, type SimulatedWxCloud } from './support/simulated-wx-cloud';

jest.setTimeout(60_000);

const COMPONENT = path.join(__dirname, 'fixtures/workbench-counts/index');
const OPENID = 'o-simulate-admin';
const COLLEAGUE_OPENID = 'o-simulate-agent';

/**
 * The part of miniprogram-simulate used here, typed locally: its own index.d.ts pulls in
 * miniprogram-api-typings, whose globals (a WeChat `require`, `fetch` …) would replace node's in the whole
 * type-check of the repo.
 */
interface SimulatedNode {
  dom?: { textContent: string | null };
  dispatchEvent(eventName: string, options?: unknown): void;
}
interface SimulatedComponent {
  dom: { innerHTML: string };
  instance: unknown;
  querySelector(selector: string): SimulatedNode | undefined;
  attach(parent: unknown): void;
  detach(): void;
}
interface Simulate {
  load(componentPath: string, tagName: string, options: { compiler: 'simulate' | 'official' }): string;
  render(id: string, properties?: Record<string, unknown>): SimulatedComponent;
}
let simulate: Simulate;
let emu: RunningEmulators;
let tenant: SeededTenant;
let wxCloud: SimulatedWxCloud;
let componentId: string;

/** Where a component is attached (the DOM is the one support/mini-program-dom.ts installed). */
const parentNode = () => (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document.createElement('parent-wrapper');
const text = (comp: SimulatedComponent, selector: string) => comp.querySelector(selector)?.dom?.textContent ?? null;

async function eventually<T>(read: () => T | Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  expect(last).toEqual(expected);
}

/** The functions this OPENID invoked, from the emulator's invocation log (hub GET /functions/invocations). */
async function invokedAs(openid: string): Promise<string[]> {
  const res = await fetch(`${emu.hubUrl}/functions/invocations?limit=1000`);
  const { invocations } = (await res.json()) as { invocations: { functionName: string; wxContext: Record<string, string> }[] };
  return invocations.filter((i) => i.wxContext?.OPENID === openid).map((i) => i.functionName);
}

async function ticketCreatedByColleague(title: string): Promise<void> {
  const customers = await callAs(emu, COLLEAGUE_OPENID, 'customers', 'list', { pageSize: 1 });
  if (!customers.ok) throw new Error(customers.error.message);
  const created = await callAs(emu, COLLEAGUE_OPENID, 'tickets', 'create', { customerId: customers.data.customers[0].id, title, content: '客户反馈：打印模板无法保存', type: 'system_issue' });
  if (!created.ok) throw new Error(created.error.message);
}

beforeAll(async () => {
  installMiniProgramDom();
  // After the DOM: j-component reads document as it registers WeChat's built-in components.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  simulate = require('miniprogram-simulate');
  emu = await startProductEmulators();
  tenant = await seedTenant(emu, '苏州云杉软件服务有限公司', { 'yunshan-admin': 'admin', 'yunshan-agent': 'agent' });
  await signInAs(emu, OPENID, tenant.users['yunshan-admin']);
  await signInAs(emu, COLLEAGUE_OPENID, tenant.users['yunshan-agent']);
  const customer = await addCustomer(emu, tenant);
  await addTicket(emu, customer);
  await addTicket(emu, customer, { status: 'processing' });
  await addTicket(emu, customer, { status: 'resolved', resolvedAt: new Date() });

  // miniprogram-simulate installed the global `wx` (its API stubs); the cloud is ours.
  wxCloud = simulatedWxCloud({ emu, openid: OPENID });
  (globalThis as unknown as { wx: { cloud: SimulatedWxCloud } }).wx.cloud = wxCloud;
  configureCloud(selectTransport({ taroEnv: 'weapp' }));
  componentId = simulate.load(COMPONENT, 'workbench-counts', { compiler: 'simulate' });
});

afterAll(async () => {
  configureCloud(undefined);
  await emu?.stop();
});

test('When the component is attached, then it draws what dashboard.overview answers this OPENID, fetched through wx.cloud.callFunction', async () => {
  const comp = simulate.render(componentId);
  expect(text(comp, '.counts__loading')).toBe('加载中');
  comp.attach(parentNode());
  const overview = await callAs(emu, OPENID, 'dashboard', 'overview');
  if (!overview.ok) throw new Error(overview.error.message);
  // open + processing of the three arranged; nothing unread yet.
  expect([overview.data.pendingTickets, overview.data.unreadMessages]).toEqual([2, 0]);
  await eventually(() => [text(comp, '.counts__value--tickets'), text(comp, '.counts__value--messages')], ['2', '0']);
  expect(text(comp, '.counts__loading')).toBeNull();
  expect(wxCloud.openWatches()).toBe(1);
  comp.detach();
});

test('When a colleague creates a ticket, then the watch through wx.cloud sees the signal move and the component refetches and draws the new counts by itself', async () => {
  const comp = simulate.render(componentId);
  comp.attach(parentNode());
  await eventually(() => text(comp, '.counts__value--tickets'), '2');
  await ticketCreatedByColleague('打印模板无法保存');
  await eventually(() => [text(comp, '.counts__value--tickets'), text(comp, '.counts__value--messages')], ['3', '1']);

  // 全部已读: the tap's call reads every message, then the component refetches.
  comp.querySelector('.counts__read-all')!.dispatchEvent('tap');
  await eventually(() => text(comp, '.counts__value--messages'), '0');
  expect(text(comp, '.counts__value--tickets')).toBe('3');
  const unread = await callAs(emu, OPENID, 'messages', 'unreadCount');
  expect(unread.ok && unread.data.total).toBe(0);
  // Every call the component made arrived as this WeChat user (wxContext.OPENID), none as the console.
  expect(new Set(await invokedAs(OPENID))).toEqual(new Set(['dashboard', 'messages']));

  comp.detach();
  expect(wxCloud.openWatches()).toBe(0);
  // Detached: a later change reaches nobody (no refetch as this OPENID).
  const before = (await invokedAs(OPENID)).length;
  await ticketCreatedByColleague('打印机驱动无法安装');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await invokedAs(OPENID)).length).toBe(before);
});

test('When the component watches outside the collection’s rule, then the refusal reaches its onError and it says so, and its counts still show', async () => {
  const comp = simulate.render(componentId, { signalFilter: { serviceProviderId: tenant.provider._id } });
  comp.attach(parentNode());
  await eventually(() => text(comp, '.counts__error'), '实时更新已断开');
  expect((comp.instance as unknown as { watchError: { errCode: string } }).watchError.errCode).toBe('DATABASE_PERMISSION_DENIED');
  await eventually(() => text(comp, '.counts__value--tickets'), '4');
  comp.detach();
});
