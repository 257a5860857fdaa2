import { COLLECTIONS } from '@partner-desk/database';
import { startProductEmulators, callAs, rawDocs, seedDesk, type Desk } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/**
 * tickets.reply with the app's clientReplyId (its offline outbox): a reply whose answer was lost is sent
 * again with the same id and must land once. Same idea as chat.send's clientMessageId.
 */
describe('tickets.reply retried with a clientReplyId', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' });
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
  }, 60_000);
  afterAll(() => emu?.stop());

  const newTicket = async () => {
    const res = await callAs(emu, alice, 'tickets', 'create', { customerId: acme.customers[0]._id, title: '报表导出失败', content: '导出 Excel 时报错', type: 'system_issue' });
    if (!res.ok) throw new Error(`create failed: ${JSON.stringify(res)}`);
    return res.data.ticketId;
  };
  const historyOf = async (id: string) => (await rawDocs(emu, COLLECTIONS.tickets, { _id: id }))[0].processingHistory as { id: string; action: string; content: string }[];
  const ticketSignals = async () => (await rawDocs(emu, COLLECTIONS.userSignals, { serviceProviderId: acme.tenant.provider._id })).map((d) => d.tickets);

  test('When the same reply is sent twice with one clientReplyId, then one reply step is written and the retry signals nothing', async () => {
    const id = await newTicket();
    const reply = { id, content: '已远程处理，请客户重试导出', clientReplyId: 'r-lq3x9k2m-0001' };
    expect(await callAs(emu, bob, 'tickets', 'reply', reply)).toEqual({ ok: true, data: {} });
    const signalsAfterFirst = await ticketSignals();
    expect(await callAs(emu, bob, 'tickets', 'reply', reply)).toEqual({ ok: true, data: {} });

    const history = await historyOf(id);
    expect(history.map((step) => [step.action, step.content])).toEqual([
      ['create', '创建工单：报表导出失败'],
      ['reply', '已远程处理，请客户重试导出'],
    ]);
    expect(await ticketSignals()).toEqual(signalsAfterFirst);
  });

  test('When a retried reply arrives after the ticket was resolved, then it succeeds without a second step, while a new reply is refused', async () => {
    const id = await newTicket();
    const reply = { id, content: '驱动已更新', clientReplyId: 'r-lq3x9k2m-0002' };
    expect(await callAs(emu, bob, 'tickets', 'reply', reply)).toEqual({ ok: true, data: {} });
    expect(await callAs(emu, alice, 'tickets', 'resolve', { id })).toEqual({ ok: true, data: {} });

    expect(await callAs(emu, bob, 'tickets', 'reply', reply)).toEqual({ ok: true, data: {} });
    expect(await callAs(emu, bob, 'tickets', 'reply', { ...reply, clientReplyId: 'r-lq3x9k2m-0003' })).toEqual({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '工单已解决，不能再回复' },
    });
    expect((await historyOf(id)).map((step) => step.action)).toEqual(['create', 'reply', 'resolve']);
  });

  test('When two replies have different clientReplyIds, or none, then each is written', async () => {
    const id = await newTicket();
    for (const extra of [{ clientReplyId: 'r-a' }, { clientReplyId: 'r-b' }, {}, {}]) expect(await callAs(emu, bob, 'tickets', 'reply', { id, content: '跟进中', ...extra })).toEqual({ ok: true, data: {} });
    expect((await historyOf(id)).filter((step) => step.action === 'reply')).toHaveLength(4);
  });

  test('When the same clientReplyId is used on another ticket, then it is a different reply there', async () => {
    const [first, second] = [await newTicket(), await newTicket()];
    for (const id of [first, second]) expect(await callAs(emu, bob, 'tickets', 'reply', { id, content: '已处理', clientReplyId: 'r-same' })).toEqual({ ok: true, data: {} });
    expect((await historyOf(first)).map((s) => s.action)).toEqual(['create', 'reply']);
    expect((await historyOf(second)).map((s) => s.action)).toEqual(['create', 'reply']);
  });

  test('When a clientReplyId is malformed, then the reply is INVALID_ARGUMENT and nothing is written', async () => {
    const id = await newTicket();
    for (const clientReplyId of ['', 'has space', 'x'.repeat(65), 42]) {
      const res = await callAs(emu, bob, 'tickets', 'reply', { id, content: '跟进中', clientReplyId });
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect((await historyOf(id)).map((s) => s.action)).toEqual(['create']);
  });
});
