/**
 * 客户详情 (seed §1.2.4): the first render from one customers.detail, the contact masked until 查看
 * (customers.revealContact) and 联系客户 after it, the licence's days left, the score's components and trend,
 * history paging, 创建工单 (form checks, the payload, a refusal in the function's words) and 问题升级
 * (reason, confirmation, refusal).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { Current } from '@tarojs/runtime';
import type { CreateTicketPayload } from '@partner-desk/contract';
import CustomerDetailPage from '../../src/pages/customer/detail';
import { installFakeCloud, refusal, type FakeCloud } from '../support/fake-cloud';
import { answerModal, fieldByPlaceholder, modalShown, tap, tapElement, toastText, typeInto } from '../support/interact';
import { renderPage } from '../support/render-page';
import { checkNewTicket } from '../../src/pages/customer/new-ticket';
import { CUSTOMER_ID, detailAnswer, ticketItem } from './customer-fixtures';

const texts = (selector: string, root: ParentNode = document) => Array.from(root.querySelectorAll(selector)).map((el) => el.textContent);
const PATH = '/pages/customer/detail';

function openDetail(id = CUSTOMER_ID) {
  (Current as { router: unknown }).router = { path: PATH, params: { id } };
  return renderPage(<CustomerDetailPage />, `${PATH}?id=${id}`);
}
const section = (title: string) => screen.getByText(title).closest('.section') as HTMLElement;
const sheet = (className: string) => document.querySelector<HTMLElement>(`.${className}`)!;
const tapIn = (root: HTMLElement, text: string) => tapElement(within(root).getByText(text));
const tapButtonIn = (root: HTMLElement, label: string) => tapElement(within(root).getByText(label).closest('taro-button-core, button, .nut-button')!);

/**
 * NutUI's TextArea reads the value from the input event's detail, which Taro's textarea component puts there
 * when its native field changes (as a user typing does); interact.ts's typeInto sets it on the component.
 */
async function typeIntoTextArea(placeholder: string, value: string): Promise<void> {
  const core = fieldByPlaceholder(placeholder);
  await waitFor(() => expect(core.querySelector('textarea')).not.toBeNull());
  const native = core.querySelector('textarea')!;
  await act(async () => {
    native.value = value;
    fireEvent.input(native);
  });
}

/** The items of Taro's action sheet (showActionSheet, as the H5 build draws it) while it is up, or null. */
function actionSheetItems(): string[] | null {
  const el = document.querySelector<HTMLElement>('.taro__actionSheet');
  if (!el || el.style.display === 'none' || el.style.opacity === '0') return null;
  return Array.from(el.querySelectorAll('[data-tap-index]')).map((cell) => cell.textContent ?? '');
}

afterEach(() => {
  (Current as { router: unknown }).router = null;
});

test('When 客户详情 opens, then one customers.detail draws the contact masked, the licence with days left, open issues, the score with its components and trend, and the history', async () => {
  const cloud = installFakeCloud().on('customers', 'detail', detailAnswer());
  openDetail();
  await screen.findByText('杭州明德教育科技有限公司');

  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['customers.detail']);
  expect(cloud.calls[0].payload).toEqual({ id: CUSTOMER_ID });
  const basic = section('联系方式');
  expect(texts('.info-list__label', basic)).toEqual(['联系人', '联系电话', '邮箱']);
  expect(texts('.customer-detail__sub')[0]).toBe('浙江省杭州市 · 教育 · 客户编号 EXT-0007');
  expect(texts('.info-list__value', basic)).toEqual(['欧***查看', '139****1111查看', 'ou*************@example.cn查看']);
  expect(texts('.info-list__value', section('软件与授权'))).toEqual(['V9.0 专业版', '10 个', '2025-12-01', '2027-02-10剩余 65 天']);
  expect(texts('.customer-ticket__title', section('当前未解决问题'))).toEqual(['开票模块报错', '库存同步延迟']);
  expect(texts('.status-tag', section('当前未解决问题'))).toEqual(['紧急优先级', '待处理', '已升级', '处理中']);

  const score = section('使用深度评分');
  expect(texts('.usage-score__value', score)).toEqual(['72']);
  expect(texts('.usage-score__level', score)).toEqual(['使用深度：高']);
  expect(texts('.usage-score__trend', score)).toEqual(['↑ 较前30天上升 6 分（前30天 66 分）']);
  expect(texts('.bar-chart__name', score)).toEqual(['前30天', '近30天', '坐席使用率', '登录频次', '功能覆盖', '业务活跃度', '最近活跃']);
  expect(texts('.bar-chart__note', score)).toEqual(['权重 35%', '权重 25%', '权重 20%', '权重 20%', '加 5 分']);
  expect(texts('.bar-chart__value', score)).toEqual(['66', '72', '75', '91', '63', '45', '100']);
  const widths = Array.from(score.querySelectorAll<HTMLElement>('.bar-chart__bar')).map((bar) => bar.style.width);
  expect(widths).toEqual(['66%', '72%', '75%', '91%', '62.5%', '45%', '100%']);
  expect(texts('.usage-score__explanation', score)[0]).toBe('坐席使用率：近30天日均 6 人使用，共 10 个端口');

  expect(texts('.customer-ticket__no', section('历史工单'))).toEqual(['GD20261207-0001', 'GD20261207-0002', 'GD20261207-0003', 'GD20261207-0004']);
  expect(screen.getByText('共 4 个 · 没有更多了')).toBeTruthy();
});

test('When 查看 is tapped, then customers.revealContact answers the clear contact, shown in place; 联系客户 then offers the number without asking again', async () => {
  const cloud = installFakeCloud()
    .on('customers', 'detail', detailAnswer())
    .on('customers', 'revealContact', { contactPerson: '欧阳晓东', phone: '13900001111', email: 'ouyang.xiaodong@example.cn' });
  openDetail();
  await screen.findByText('139****1111');
  expect(screen.queryByText('13900001111')).toBeNull();

  await tap('查看', 1);
  await screen.findByText('13900001111');
  expect(cloud.callsOf('customers', 'revealContact').map((c) => c.payload)).toEqual([{ id: CUSTOMER_ID }]);
  expect(texts('.info-list__value', section('联系方式')).slice(0, 3)).toEqual(['欧阳晓东', '13900001111', 'ouyang.xiaodong@example.cn']);
  expect(screen.queryByText('查看')).toBeNull();

  await tap('联系客户');
  await waitFor(() => expect(actionSheetItems()).toEqual(['拨打 13900001111', '复制电话号码']));
  expect(cloud.callsOf('customers', 'revealContact')).toHaveLength(1);
  await tap('复制电话号码');
  await waitFor(() => expect(actionSheetItems()).toBeNull());
  expect((await Taro.getClipboardData()).data).toBe('13900001111');
});

test('When 联系客户 is tapped while masked, then the contact is revealed first; a refusal is said in Chinese and nothing is offered', async () => {
  const cloud = installFakeCloud()
    .on('customers', 'detail', detailAnswer())
    .on('customers', 'revealContact', refusal('NOT_FOUND', '客户不存在或不属于当前服务商'));
  openDetail();
  await screen.findByText('139****1111');

  await tap('联系客户');
  await waitFor(() => expect(toastText()).toBe('客户不存在或不属于当前服务商'));
  expect(cloud.callsOf('customers', 'revealContact')).toHaveLength(1);
  expect(actionSheetItems()).toBeNull();
  expect(screen.getByText('139****1111')).toBeTruthy();
});

test('When the history has more pages, then 查看更多 fetches page 2 through customers.tickets', async () => {
  const first = Array.from({ length: 10 }, (_, i) => ticketItem(i + 1));
  const cloud = installFakeCloud()
    .on('customers', 'detail', detailAnswer({ openTickets: [], history: first, historyTotal: 13 }))
    .on('customers', 'tickets', ({ page = 1, pageSize = 20 }) => ({ tickets: [11, 12, 13].map((i) => ticketItem(i)), total: 13, page, pageSize }));
  openDetail();
  await screen.findByText('查看更多（还有 3 个）');
  expect(screen.getByText('暂无未解决问题')).toBeTruthy();

  await tap('查看更多（还有 3 个）');
  await screen.findByText('共 13 个 · 没有更多了');
  expect(cloud.callsOf('customers', 'tickets').map((c) => c.payload)).toEqual([{ id: CUSTOMER_ID, page: 2, pageSize: 10 }]);
  expect(texts('.customer-ticket__no', section('历史工单'))).toHaveLength(13);

  await tap('GD20261207-0012');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/ticket/detail?id=tk_012'));
});

test('When the detail cannot be fetched, then the page says why and 重试 brings it', async () => {
  installFakeCloud().failNetwork('customers', 'detail').on('customers', 'detail', detailAnswer());
  openDetail();
  await screen.findByText('网络异常，请稍后重试');
  await tap('重试');
  await screen.findByText('杭州明德教育科技有限公司');
});

/** A customer whose tickets the fake functions keep: create adds one, detail answers it in the history. */
function customerWithTickets(cloud: FakeCloud) {
  let answer = detailAnswer();
  cloud.on('customers', 'detail', () => answer).on('tickets', 'create', (payload) => {
    const created = ticketItem(99, { title: payload.title, status: 'open', type: payload.type, priority: payload.priority ?? 'normal', ticketNo: 'GD20261207-0099' });
    answer = detailAnswer({ openTickets: [created, ...answer.openTickets], history: [created, ...answer.history.tickets] });
    return { ticketId: created.id, ticketNo: created.ticketNo };
  });
}

test('When 创建工单 is submitted empty, then each missing field is named and nothing is sent; filled in, the ticket is created and joins the history', async () => {
  const cloud = installFakeCloud();
  customerWithTickets(cloud);
  openDetail();
  await screen.findByText('杭州明德教育科技有限公司');

  await tap('创建工单');
  const form = sheet('ticket-sheet');
  await within(form).findByText('客户：杭州明德教育科技有限公司');
  await tapButtonIn(form, '提交工单');
  expect(texts('.form-field__error', form)).toEqual(['请填写工单标题', '请选择工单类型', '请描述遇到的问题']);
  expect(cloud.callsOf('tickets', 'create')).toEqual([]);

  await typeInto('一句话说明问题', '  发票打印空白  ');
  await tapIn(form, '系统问题');
  await tapIn(form, '高');
  await typeIntoTextArea('客户遇到的问题、出现的时间和影响范围', '今天上午开始，所有发票打印出来都是空白页');
  await tapButtonIn(form, '提交工单');

  await waitFor(() => expect(cloud.callsOf('tickets', 'create')).toHaveLength(1));
  const sent = cloud.callsOf('tickets', 'create')[0].payload as CreateTicketPayload;
  expect(sent).toEqual({ customerId: CUSTOMER_ID, title: '发票打印空白', content: '今天上午开始，所有发票打印出来都是空白页', type: 'system_issue', priority: 'high', images: [] });
  await waitFor(() => expect(texts('.customer-ticket__title', section('历史工单'))[0]).toBe('发票打印空白'));
  expect(texts('.customer-ticket__title', section('当前未解决问题'))[0]).toBe('发票打印空白');
  expect(cloud.callsOf('customers', 'detail')).toHaveLength(2);
});

test('When tickets.create refuses, then the function’s Chinese message shows above the form and what was typed stays', async () => {
  const cloud = installFakeCloud()
    .on('customers', 'detail', detailAnswer())
    .on('tickets', 'create', refusal('NOT_FOUND', '客户不存在或属于其他服务商'));
  openDetail();
  await screen.findByText('杭州明德教育科技有限公司');
  await tap('创建工单');
  const form = sheet('ticket-sheet');
  await typeInto('一句话说明问题', '无法登录');
  await tapIn(form, '培训实施');
  await typeIntoTextArea('客户遇到的问题、出现的时间和影响范围', '新员工不会使用');
  await tapButtonIn(form, '提交工单');

  await within(form).findByText('客户不存在或属于其他服务商');
  expect(cloud.callsOf('tickets', 'create')).toHaveLength(1);
  expect((form.querySelector('input[name="ticket-title"], taro-input-core input') as HTMLInputElement).value).toBe('无法登录');
});

test('When 问题升级 is chosen, then only issues not yet escalated are offered; a reason is required, the escalation confirmed, then sent and the page refetched', async () => {
  let escalated = false;
  const cloud = installFakeCloud()
    .on('customers', 'detail', () =>
      escalated ? detailAnswer({ openTickets: [ticketItem(1, { status: 'open', title: '开票模块报错', escalationStatus: 'escalated' }), ticketItem(2, { status: 'processing', title: '库存同步延迟', escalationStatus: 'escalated' })] }) : detailAnswer(),
    )
    .on('tickets', 'escalate', () => {
      escalated = true;
      return {};
    });
  openDetail();
  await screen.findByText('杭州明德教育科技有限公司');

  await tap('问题升级');
  const form = sheet('escalate-sheet');
  await within(form).findByText('升级原因');
  // 0002 is escalated already: only 0001 is offered, and chosen.
  expect(texts('.choice-chips__chip', form)).toEqual(['GD20261207-0001 开票模块报错']);
  expect(within(form).getByRole('radio').getAttribute('aria-checked')).toBe('true');

  await tapButtonIn(form, '升级到总部');
  expect(texts('.form-field__error', form)).toEqual(['请填写升级原因']);

  await typeIntoTextArea('为什么需要总部处理', '涉及税控接口，需要总部研发排查');
  await tapButtonIn(form, '升级到总部');
  expect(await modalShown()).toEqual({ title: '升级到总部？', content: '工单 GD20261207-0001 将升级到总部处理，升级后不能撤回', confirmText: '确认升级' });
  await answerModal('cancel');
  expect(cloud.callsOf('tickets', 'escalate')).toEqual([]);

  await tapButtonIn(form, '升级到总部');
  await answerModal('confirm');
  await waitFor(() => expect(cloud.callsOf('tickets', 'escalate').map((c) => c.payload)).toEqual([{ id: 'tk_001', reason: '涉及税控接口，需要总部研发排查' }]));
  await waitFor(() => expect(texts('.status-tag', section('当前未解决问题'))).toEqual(['已升级', '待处理', '已升级', '处理中']));
  expect(cloud.callsOf('customers', 'detail')).toHaveLength(2);

  await tap('问题升级');
  await within(sheet('escalate-sheet')).findByText('当前问题都已升级');
});

test('When tickets.escalate refuses because the ticket changed meanwhile, then its Chinese message shows in the sheet and the page refetches', async () => {
  const cloud = installFakeCloud()
    .on('customers', 'detail', detailAnswer())
    .on('tickets', 'escalate', refusal('FAILED_PRECONDITION', '工单已升级或已解决'));
  openDetail();
  await screen.findByText('杭州明德教育科技有限公司');
  await tap('问题升级');
  const form = sheet('escalate-sheet');
  await typeIntoTextArea('为什么需要总部处理', '客户要求总部介入');
  await tapButtonIn(form, '升级到总部');
  await answerModal('confirm');

  await within(form).findByText('工单已升级或已解决');
  await waitFor(() => expect(cloud.callsOf('customers', 'detail')).toHaveLength(2));
});

test('When the customer has no unresolved issue, then 问题升级 says so and leads to 创建工单', async () => {
  installFakeCloud().on('customers', 'detail', detailAnswer({ openTickets: [], history: [] }));
  openDetail();
  await screen.findByText('暂无历史工单');
  await tap('问题升级');
  const form = sheet('escalate-sheet');
  await within(form).findByText('当前没有未解决的问题');
  await tapButtonIn(form, '创建工单');
  await within(sheet('ticket-sheet')).findByText('客户：杭州明德教育科技有限公司');
});

test('When screenshots are still uploading or one failed, then 创建工单 is held back with the reason under 截图', () => {
  const draft = { title: '发票打印空白', type: 'system_issue' as const, priority: 'normal' as const, content: '所有发票打印出来都是空白页', images: [] };
  expect(checkNewTicket(draft)).toEqual({});
  expect(checkNewTicket(draft, { uploading: 1, failed: 0 })).toEqual({ images: '图片还在上传，请稍候再提交' });
  expect(checkNewTicket(draft, { uploading: 0, failed: 2 })).toEqual({ images: '有图片上传失败，请点图片重试或删除后再提交' });
  expect(checkNewTicket({ ...draft, title: 'x'.repeat(101), content: '   ' })).toEqual({ title: '标题最多 100 字', content: '请描述遇到的问题' });
});
