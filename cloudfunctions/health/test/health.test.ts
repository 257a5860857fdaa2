import { invokeViaHub } from '../../../emulator/test/helpers/test-emulators';
import { startProductEmulators } from '../../test-support/product-emulators';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('health function through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  test('When ping is called twice, then it answers ok and the stored counter went up by one', async () => {
    const first = await invokeViaHub(emu.hubUrl, 'health', { action: 'ping' });
    const second = await invokeViaHub(emu.hubUrl, 'health', { action: 'ping' }, { OPENID: 'o-someone' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, data: { pings: expect.any(Number), env: emu.config.envId } });
    expect(second.body.data.pings).toBe(first.body.data.pings + 1);
    expect(Date.parse(second.body.data.lastPingAt)).toBeGreaterThan(Date.now() - 60_000);
    const [stored] = await emu.database.find('health_checks', { _id: 'ping' });
    expect(stored).toMatchObject({ pings: second.body.data.pings });
    expect(stored.lastPingAt).toBeInstanceOf(Date);
  });

  test('When the action is unknown, then UNSUPPORTED_ACTION comes back in the result shape', async () => {
    const { status, body } = await invokeViaHub(emu.hubUrl, 'health', { action: 'explode' });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: { code: 'UNSUPPORTED_ACTION', message: expect.stringContaining('explode') } });
  });

  test('When the payload has unexpected fields or the envelope is wrong, then INVALID_ARGUMENT and nothing is written', async () => {
    const before = await emu.database.find('health_checks', {});
    const extra = await invokeViaHub(emu.hubUrl, 'health', { action: 'ping', payload: { $ne: null } });
    const noAction = await invokeViaHub(emu.hubUrl, 'health', { payload: {} });
    const wrongType = await invokeViaHub(emu.hubUrl, 'health', { action: 42 });
    for (const r of [extra, noAction, wrongType]) expect(r.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await emu.database.find('health_checks', {})).toEqual(before);
  });

  test('When ping runs, then the invocation log shows its database round trips in order', async () => {
    const res = await fetch(`${emu.hubUrl}/functions:invoke`).catch(() => null); // unrelated path must not crash the hub
    expect(res?.status).toBe(404);
    const { body } = await invokeViaHub(emu.hubUrl, 'health', { action: 'ping' });
    expect(body.ok).toBe(true);
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=health`).then((r) => r.json())) as { invocations: any[] };
    const last = list.invocations[list.invocations.length - 1];
    expect(last.status).toBe('ok');
    expect(last.operations.map((o: { action: string }) => o.action)).toEqual(['database.modifyDocument', 'database.getDocument']);
    for (const op of last.operations) expect(op.endedAt).toBeGreaterThanOrEqual(op.startedAt);
  });
});
