import type { RunningEmulators } from '../../../emulator/src/suite';
import { assertAnswersContract, invokeFunction, startProductEmulators } from '../../../test-support';

describe('health function through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  test('When ping is called twice, then it answers ok and the stored counter went up by one', async () => {
    const first = await invokeFunction(emu, 'health', { action: 'ping' });
    const second = await invokeFunction(emu, 'health', { action: 'ping' }, { OPENID: 'o-someone' });
    expect(first.status).toBe(200);
    const [a, b] = [assertAnswersContract('health', 'ping', first.body), assertAnswersContract('health', 'ping', second.body)];
    expect(a).toMatchObject({ ok: true, data: { pings: expect.any(Number), env: emu.config.envId } });
    if (!a.ok || !b.ok) throw new Error('ping failed');
    expect(b.data.pings).toBe(a.data.pings + 1);
    expect(Date.parse(b.data.lastPingAt)).toBeGreaterThan(Date.now() - 60_000);
    const [stored] = await emu.database.find('health_checks', { _id: 'ping' });
    expect(stored).toMatchObject({ pings: b.data.pings });
    expect(stored.lastPingAt).toBeInstanceOf(Date);
  });

  test('When the action is unknown, then UNSUPPORTED_ACTION comes back in the result shape', async () => {
    const { status, body } = await invokeFunction(emu, 'health', { action: 'explode' });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: { code: 'UNSUPPORTED_ACTION', message: expect.stringContaining('explode') } });
  });

  test('When the payload has unexpected fields or the envelope is wrong, then INVALID_ARGUMENT and nothing is written', async () => {
    const before = await emu.database.find('health_checks', {});
    const extra = await invokeFunction(emu, 'health', { action: 'ping', payload: { $ne: null } });
    const noAction = await invokeFunction(emu, 'health', { payload: {} });
    const wrongType = await invokeFunction(emu, 'health', { action: 42 });
    for (const r of [extra, noAction, wrongType]) expect(r.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await emu.database.find('health_checks', {})).toEqual(before);
  });

  test('When ping runs, then the invocation log shows its database round trips in order', async () => {
    const res = await fetch(`${emu.hubUrl}/functions:invoke`).catch(() => null); // unrelated path must not crash the hub
    expect(res?.status).toBe(404);
    const { body } = await invokeFunction(emu, 'health', { action: 'ping' });
    expect(body).toMatchObject({ ok: true });
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=health`).then((r) => r.json())) as { invocations: any[] };
    const last = list.invocations[list.invocations.length - 1];
    expect(last.status).toBe('ok');
    expect(last.operations.map((o: { action: string }) => o.action)).toEqual(['database.modifyDocument', 'database.getDocument']);
    for (const op of last.operations) expect(op.endedAt).toBeGreaterThanOrEqual(op.startedAt);
  });
});
