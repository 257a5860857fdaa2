/**
 * 工单详情 (seed §1.2.6): the ticket's facts, description with screenshots and processing record; 回复,
 * 标记为已解决 and 问题升级 each confirmed and sent with exactly the payload the contract wants; what the state
 * refuses explained in the contract's Chinese words, before sending (greyed buttons) and when the cloud
 * refuses; the open ticket refetched when the tickets signal moves.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { NETWORK_ERROR_MESSAGE } from '@partner-desk/cloud-client';
import { Current } from '@tarojs/runtime';
import Taro from '@tarojs/taro';
import TicketDetailPage from '../../src/pages/ticket/detail';
import { bumpTopics } from '../../src/state/live';
import { flushOutbox, startOutbox } from '../../src/state/outbox';
import { sessionAtom } from '../../src/state/session';
import { installFakeCloud, refusal, type FakeCloud } from '../support/fake-cloud';
import { loginResult } from '../support/fixtures';
import { answerModal, fieldByPlaceholder, modalShown, tap } from '../support/interact';
import { renderPage } from '../support/render-page';
import { ticketDesk, ticketDetail } from './ticket-fake-desk';
import type { TicketDetail } from '@partner-desk/contract';

const texts = (selector: string, root: ParentNode = document) => Array.from(root.querySelectorAll(selector)).map((el) => el.textContent);
const IMG = 'cloud://demo-partner-desk.7064-demo-partner-desk-1300000000/uploads/u_admin/202612';

function open(cloud: FakeCloud, tickets: TicketDetail[], id: string) {
  ticketDesk(cloud, tickets);
  (Current as { router: unknown }).router = { params: { id }, path: '/pages/ticket/detail' };
  const login = loginResult();
  const view = renderPage(<TicketDetailPage />, `/pages/ticket/detail?id=${id}`);
  view.store.set(sessionAtom, { user: login.user, provider: login.provider, expiresAt: login.session.expiresAt });
  return view;
}

/**
 * NutUI's TextArea reads the value from the event's detail, which Taro's textarea component sets when its
 * native field changes (as typing does in the H5 build): the value goes into that field.
 */
async function typeIntoTextArea(placeholder: string, value: string): Promise<void> {
  const field = fieldByPlaceholder(placeholder);
  await waitFor(() => expect(field.querySelector('textarea')).not.toBeNull());
  const native = field.querySelector('textarea')!;
  await act(async () => {
    native.value = value;
    fireEvent.input(native);
  });
}

/** Taro's modal is a singleton that fades out (opacity 0) before it is hidden. */
function modalUp(): boolean {
  const modal = document.querySelector<HTMLElement>('.taro__modal');
  return !!modal && modal.style.display !== 'none' && modal.style.opacity !== '0';
}

const actionButton = (label: string) => screen.getByText(label).closest('.ticket-actions__button')!;
const notice = () => document.querySelector('.ticket-notice__text')?.textContent ?? null;

test('When a ticket opens, then its facts, description, screenshots and processing record (newest first) are shown from one tickets.detail', async () => {
  const cloud = installFakeCloud();
  const ticket = ticketDetail(4, {
    images: [
      { fileID: `${IMG}/shot0000000001.png`, url: 'https://tmp.example/shot1.png' },
      { fileID: `${IMG}/shot0000000002.png`, url: null },
    ],
  });
  ticket.processingHistory.push(
    { id: 'st_4_1', operatorId: 'u_admin', operatorName: '周云帆', action: 'reply', content: '已远程查看', timestamp: '2026-12-07T03:00:00.000Z', images: [{ fileID: `${IMG}/reply000000001.png`, url: 'https://tmp.example/r1.png' }] },
    { id: 'st_4_2', operatorId: 'u_admin', operatorName: '周云帆', action: 'escalate', content: '需要总部研发排查', timestamp: '2026-12-07T04:00:00.000Z' },
    { id: 'st_4_3', operatorId: 'hq', operatorName: '总部技术支持', action: 'hq_update', content: '已定位问题，补丁今晚发布', timestamp: '2026-12-07T05:00:00.000Z' },
  );
  open(cloud, [ticket], 'tk_4');

  await screen.findByText('工单标题 4');
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['tickets.detail']);
  expect(screen.getByText('GD20261207-0004')).toBeTruthy();
  expect(texts('.ticket-summary .status-tag')).toEqual(['处理中', '已升级']);
  const facts = Object.fromEntries(Array.from(document.querySelectorAll('.info-list__row')).map((row) => [row.querySelector('.info-list__label')!.textContent, row.querySelector('.info-list__value')!.textContent]));
  expect(facts).toEqual({
    客户: '客户 4',
    类型: '问题升级',
    优先级: '普通',
    来源: '服务商创建',
    处理人: '周云帆',
    创建时间: '2026-12-07 05:30',
    最近更新: '2026-12-07 10:30',
    升级时间: '2026-12-07 09:30',
    升级原因: '需要总部研发排查',
  });
  expect(screen.getByText('工单内容 4')).toBeTruthy();
  // The description's screenshots: one shown, one whose file is gone.
  const grid = document.querySelector('.ticket-content .image-grid')!;
  expect(Array.from(grid.querySelectorAll('.image-grid__item')).map((el) => el.getAttribute('src'))).toEqual(['https://tmp.example/shot1.png', null]);
  expect(within(grid as HTMLElement).getByText('图片已删除')).toBeTruthy();

  expect(texts('.timeline__title')).toEqual(['总部更新 · 总部技术支持', '问题升级 · 周云帆', '回复 · 周云帆', '创建工单 · 周云帆']);
  expect(texts('.timeline__content')).toEqual(['已定位问题，补丁今晚发布', '需要总部研发排查', '已远程查看', '创建工单：工单标题 4']);
  expect(Array.from(document.querySelectorAll('.timeline .image-grid__item')).map((el) => el.getAttribute('src'))).toEqual(['https://tmp.example/r1.png']);
  // Escalated already: 问题升级 is greyed, the others are not.
  expect(texts('.ticket-actions__button--off')).toEqual(['问题升级']);
});

test('When 标记为已解决 is confirmed, then tickets.resolve is sent and the ticket shows as resolved with every action greyed; cancelling sends nothing', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');

  await tap('标记为已解决');
  expect(await modalShown()).toEqual({ title: '标记为已解决？', content: '工单 GD20261207-0003 将变为已解决，之后不能再回复或升级', confirmText: '确认解决' });
  await answerModal('cancel');
  expect(cloud.callsOf('tickets', 'resolve')).toEqual([]);

  await tap('标记为已解决');
  await answerModal('confirm');
  await waitFor(() => expect(texts('.ticket-summary .status-tag')).toEqual(['已解决']));
  expect(cloud.callsOf('tickets', 'resolve').map((c) => c.payload)).toEqual([{ id: 'tk_3' }]);
  expect(texts('.timeline__title')[0]).toBe('标记为已解决 · 周云帆');
  expect(texts('.ticket-actions__button--off')).toEqual(['问题升级', '标记为已解决', '回复']);
});

test('When an action the state does not allow is tapped, then the contract’s reason shows in place and nothing is sent', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(5)], 'tk_5');
  await screen.findByText('工单标题 5');
  expect(actionButton('回复').getAttribute('aria-disabled')).toBe('true');

  await tap('回复');
  expect(notice()).toBe('工单已解决，不能再回复');
  await tap('问题升级');
  expect(notice()).toBe('工单已解决，不能升级');
  await tap('标记为已解决');
  expect(notice()).toBe('工单已解决，请勿重复操作');
  expect(modalUp()).toBe(false);
  await tap('知道了');
  expect(notice()).toBeNull();
  expect(cloud.calls.map((c) => c.action)).toEqual(['detail']);
});

test('When the cloud refuses a resolve (resolved meanwhile by a colleague), then its Chinese reason shows in place and the ticket is fetched again', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');
  cloud.on('tickets', 'resolve', refusal('FAILED_PRECONDITION', '工单已解决，请勿重复操作'));

  await tap('标记为已解决');
  await answerModal('confirm');
  await waitFor(() => expect(notice()).toBe('工单已解决，请勿重复操作'));
  await waitFor(() => expect(cloud.callsOf('tickets', 'detail')).toHaveLength(2));
});

test('When 问题升级 is submitted with a reason and confirmed, then tickets.escalate gets exactly that reason and the ticket shows 已升级', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');

  await tap('问题升级');
  await screen.findByText('提交升级');
  await tap('提交升级');
  expect(screen.getByText('请填写升级原因')).toBeTruthy();
  expect(modalUp()).toBe(false);

  await typeIntoTextArea('请说明升级原因，例如需要总部研发排查', '  客户数据库损坏，需要总部恢复  ');
  await tap('提交升级');
  expect(await modalShown()).toEqual({ title: '确认升级到总部？', content: '升级原因：客户数据库损坏，需要总部恢复', confirmText: '确认升级' });
  await answerModal('confirm');
  await waitFor(() => expect(texts('.ticket-summary .status-tag')).toEqual(['待处理', '已升级']));
  expect(cloud.callsOf('tickets', 'escalate').map((c) => c.payload)).toEqual([{ id: 'tk_3', reason: '客户数据库损坏，需要总部恢复' }]);
  expect(texts('.ticket-actions__button--off')).toEqual(['问题升级']);
});

test('When the cloud refuses an escalation (escalated meanwhile), then the sheet closes and the reason shows in place', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');
  cloud.on('tickets', 'escalate', refusal('FAILED_PRECONDITION', '工单已升级，请勿重复升级'));

  await tap('问题升级');
  await typeIntoTextArea('请说明升级原因，例如需要总部研发排查', '需要总部介入');
  await tap('提交升级');
  await answerModal('confirm');
  await waitFor(() => expect(notice()).toBe('工单已升级，请勿重复升级'));
  await waitFor(() => expect(cloud.callsOf('tickets', 'detail')).toHaveLength(2));
});

test('When an escalation gets no answer (network), then the sheet stays open with the reason typed and the network message, and sending again works', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');
  cloud.failNetwork('tickets', 'escalate', 1);

  await tap('问题升级');
  await typeIntoTextArea('请说明升级原因，例如需要总部研发排查', '需要总部介入');
  await tap('提交升级');
  await answerModal('confirm');
  await waitFor(() => expect(document.querySelector('.ticket-sheet .field-set__error')?.textContent).toBe(NETWORK_ERROR_MESSAGE));
  expect(notice()).toBeNull();
  expect(texts('.ticket-summary .status-tag')).toEqual(['待处理']);

  await tap('提交升级');
  await answerModal('confirm');
  await waitFor(() => expect(texts('.ticket-summary .status-tag')).toEqual(['待处理', '已升级']));
  expect(cloud.callsOf('tickets', 'escalate').map((c) => c.payload)).toEqual([
    { id: 'tk_3', reason: '需要总部介入' },
    { id: 'tk_3', reason: '需要总部介入' },
  ]);
});

test('When a reply is written (with a screenshot kept from an earlier draft) and sent, then tickets.reply carries text, image and a client id, and the reply joins the record', async () => {
  const cloud = installFakeCloud();
  Taro.setStorageSync('pd.ticketReplyDraft.tk_3', { content: '', images: [`${IMG}/draft000000001.png`] });
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('工单标题 3');

  await tap('回复');
  await screen.findByText('发送回复');
  expect(document.querySelectorAll('.image-picker__item[data-status="uploaded"]')).toHaveLength(1);
  expect(screen.getByText('请输入回复内容')).toBeTruthy();
  await typeIntoTextArea('输入回复内容，客户问题的处理进展、解决办法等', '已为客户重装打印驱动');
  await tap('发送回复');

  await waitFor(() => expect(cloud.callsOf('tickets', 'reply')).toHaveLength(1));
  const payload = cloud.callsOf('tickets', 'reply')[0].payload as Record<string, unknown>;
  expect(payload).toEqual({ id: 'tk_3', content: '已为客户重装打印驱动', images: [`${IMG}/draft000000001.png`], clientReplyId: expect.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/) });
  await waitFor(() => expect(texts('.timeline__content')[0]).toBe('已为客户重装打印驱动'));
  expect(texts('.ticket-summary .status-tag')).toEqual(['处理中']);
  // Sent: the draft is gone.
  expect(Taro.getStorageSync('pd.ticketReplyDraft.tk_3')).toBe('');
});

test('When HQ updates the open ticket (the tickets signal), then it is fetched again and the update shows without a reload', async () => {
  const cloud = installFakeCloud();
  const tickets = [ticketDetail(4)];
  const { store } = open(cloud, tickets, 'tk_4');
  await screen.findByText('工单标题 4');

  tickets[0].processingHistory.push({ id: 'st_hq', operatorId: 'hq', operatorName: '总部技术支持', action: 'hq_update', content: '补丁已发布', timestamp: '2026-12-07T06:00:00.000Z' });
  act(() => bumpTopics(store, ['tickets']));
  await waitFor(() => expect(texts('.timeline__title')[0]).toBe('总部更新 · 总部技术支持'));
  expect(cloud.callsOf('tickets', 'detail')).toHaveLength(2);
});

test('When the ticket cannot be fetched, then the reason shows with 重试, and 重试 brings it', async () => {
  const cloud = installFakeCloud();
  cloud.failNetwork('tickets', 'detail', 1);
  open(cloud, [ticketDetail(3)], 'tk_3');
  await screen.findByText('重试');
  await tap('重试');
  await screen.findByText('工单标题 3');
});

test('When the ticket is not this provider’s, then the page says so in Chinese', async () => {
  const cloud = installFakeCloud();
  open(cloud, [ticketDetail(3)], 'tk_999');
  await screen.findByText('工单不存在或属于其他服务商');
});

describe('replies on a failing network (the offline outbox)', () => {
  async function writeReply(text: string) {
    await tap('回复');
    await screen.findByText('发送回复');
    await typeIntoTextArea('输入回复内容，客户问题的处理进展、解决办法等', text);
    await tap('发送回复');
  }
  const localStatus = () => texts('.ticket-local-reply__status');

  test('When a reply is sent offline, then it shows 待发送 on top of the record, and once the network returns it goes out once with the same client id', async () => {
    const cloud = installFakeCloud();
    const tickets = [ticketDetail(3)];
    const { store } = open(cloud, tickets, 'tk_3');
    await screen.findByText('工单标题 3');
    cloud.setOffline(true);

    await writeReply('网络不好时写的回复');
    await waitFor(() => expect(localStatus()).toEqual(['待发送 · 网络恢复后自动发送']));
    expect(texts('.timeline__content')[0]).toBe('网络不好时写的回复');
    expect(texts('.timeline__title')[0]).toBe('回复 · 周云帆');
    expect(tickets[0].processingHistory).toHaveLength(1);

    cloud.setOffline(false);
    // What startOutbox does when the network comes back (state/outbox.ts; its own tests cover the listeners).
    await act(() => flushOutbox(store));
    await waitFor(() => expect(localStatus()).toEqual([]));
    await waitFor(() => expect(texts('.timeline__content').filter((t) => t === '网络不好时写的回复')).toHaveLength(1));
    const tries = cloud.callsOf('tickets', 'reply').map((c) => c.payload as { clientReplyId: string });
    expect(tries).toHaveLength(2);
    expect(tries[1].clientReplyId).toBe(tries[0].clientReplyId);
    expect(tickets[0].processingHistory.map((s) => s.action)).toEqual(['create', 'reply']);
    expect(texts('.ticket-summary .status-tag')).toEqual(['处理中']);
  });

  test('When a queued reply is refused (the ticket was resolved meanwhile), then it shows 发送失败 with the contract’s reason, 重试 and 删除', async () => {
    const cloud = installFakeCloud();
    const tickets = [ticketDetail(3)];
    const { store } = open(cloud, tickets, 'tk_3');
    await screen.findByText('工单标题 3');
    cloud.setOffline(true);
    await writeReply('迟到的回复');
    await waitFor(() => expect(localStatus()).toEqual(['待发送 · 网络恢复后自动发送']));

    Object.assign(tickets[0], { status: 'resolved' });
    cloud.setOffline(false);
    await act(() => flushOutbox(store));
    await waitFor(() => expect(localStatus()).toEqual(['发送失败：工单已解决，不能再回复']));
    await tap('重试');
    await waitFor(() => expect(cloud.callsOf('tickets', 'reply')).toHaveLength(3));
    expect(localStatus()).toEqual(['发送失败：工单已解决，不能再回复']);
    await tap('删除');
    await waitFor(() => expect(document.querySelector('.ticket-local-reply')).toBeNull());
    expect(tickets[0].processingHistory.map((s) => s.action)).toEqual(['create']);
  });

  test('When the app restarts with a reply waiting and a half-written draft, then both are still there', async () => {
    const cloud = installFakeCloud();
    const first = open(cloud, [ticketDetail(3)], 'tk_3');
    await screen.findByText('工单标题 3');
    cloud.setOffline(true);
    await writeReply('重启前写好的回复');
    await waitFor(() => expect(localStatus()).toEqual(['待发送 · 网络恢复后自动发送']));
    await tap('回复');
    await typeIntoTextArea('输入回复内容，客户问题的处理进展、解决办法等', '还没写完的');
    first.unmount();

    // A new launch: a new store, the page rendered again from what the device kept.
    const again = installFakeCloud().setOffline(true);
    ticketDesk(again, [ticketDetail(3)]);
    again.setOffline(false);
    again.failNetwork('tickets', 'reply', 5);
    const login = loginResult();
    const view = renderPage(<TicketDetailPage />, '/pages/ticket/detail?id=tk_3');
    view.store.set(sessionAtom, { user: login.user, provider: login.provider, expiresAt: login.session.expiresAt });
    // What app.tsx does at launch: the outbox restores what storage kept (and tries to send it: still failing).
    const stopOutbox = startOutbox(view.store);
    await screen.findByText('工单标题 3');
    await waitFor(() => expect(texts('.ticket-local-reply').length).toBe(1));
    expect(texts('.timeline__content')[0]).toBe('重启前写好的回复');
    await tap('回复');
    await waitFor(() => expect((fieldByPlaceholder('输入回复内容，客户问题的处理进展、解决办法等').querySelector('textarea') as HTMLTextAreaElement).value).toBe('还没写完的'));
    stopOutbox();
  });
});
