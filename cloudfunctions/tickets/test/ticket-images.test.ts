/**
 * Screenshots on tickets and replies, through the emulator with its storage: a user uploads into its own
 * folder (uploads/<userId>/…, as a WeChat client, so the file is theirs), attaches the fileIDs, and
 * everyone of the provider reads them back as short-lived URLs the function fetched. A fileID that is not
 * the caller's own existing upload of this environment is INVALID_ARGUMENT with nothing written, and
 * another provider never gets a URL. (The browser flow — upload with js-sdk, attach, show — is
 * ticket-images.browser.test.ts.)
 */
import { newUploadPath } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { countSequentialRoundTrips } from '../../../emulator/src/functions/round-trips';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { callAs, lastInvocation, rawDocs, seedDesk, snapshot, startProductEmulators, TINY_PNG, uploadAs, uploadImage, type Desk } from '../../../test-support';

describe('ticket images', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let bob: string;
  let eve: string;
  const userId = (desk: Desk, username: string) => desk.tenant.users[username]._id;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' });
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' });
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
    eve = other.openIds['other-eve'];
  }, 60_000);
  afterAll(() => emu?.stop());

  const create = (openId: string, images: unknown[], customerId = acme.customers[0]._id) =>
    callAs(emu, openId, 'tickets', 'create', { customerId, title: '扫码枪无法识别', content: '见截图', type: 'system_issue', images });
  const aliceImage = () => uploadImage(emu, { openid: alice }, userId(acme, 'acme-alice'));
  const bobImage = () => uploadImage(emu, { openid: bob }, userId(acme, 'acme-bob'));
  const written = () => snapshot(emu, [COLLECTIONS.tickets, COLLECTIONS.customers, COLLECTIONS.ticketCounters, COLLECTIONS.messages]);

  test('When a user attaches its own uploads to a ticket and a colleague replies with one, then the fileIDs are stored and detail answers each with a URL that serves the image, to the colleague too', async () => {
    const [one, two] = [await aliceImage(), await aliceImage()];
    const created = await create(alice, [one, two]);
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await rawDocs(emu, COLLECTIONS.tickets, { _id: created.data.ticketId }))[0].images).toEqual([one, two]);
    const reply = await bobImage();
    expect(await callAs(emu, bob, 'tickets', 'reply', { id: created.data.ticketId, content: '已远程处理，见截图', images: [reply] })).toEqual({ ok: true, data: {} });

    const detail = await callAs(emu, bob, 'tickets', 'detail', { id: created.data.ticketId });
    if (!detail.ok) throw new Error(JSON.stringify(detail));
    const { images, processingHistory } = detail.data.ticket;
    expect(images).toEqual([
      { fileID: one, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.+\/uploads\/.+\.png\?sign=[0-9a-f]{64}&t=\d+$/) },
      { fileID: two, url: expect.any(String) },
    ]);
    expect(processingHistory[1]).toMatchObject({ action: 'reply', images: [{ fileID: reply, url: expect.any(String) }] });
    // Short-lived: valid for about an hour from now.
    const expiresAt = Number(new URL(images[0].url).searchParams.get('t')) * 1000;
    expect(expiresAt - Date.now()).toBeGreaterThan(3590_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600_000);
    for (const url of [images[0].url, processingHistory[1].images[0].url]) {
      const res = await fetch(url);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png']);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(TINY_PNG);
    }
  });

  test('When an image is a colleague’s upload, of another environment, outside uploads/, or never uploaded, then create and reply are INVALID_ARGUMENT naming the image, and nothing is written', async () => {
    const own = await aliceImage();
    const colleagues = await bobImage();
    const aliceFolder = userId(acme, 'acme-alice');
    const otherEnv = own.replace(/^cloud:\/\/[^.]+\./, 'cloud://prod-env-1a2b.');
    // (The storage rule would not even let a client upload there; the function refuses it by its path.)
    const outside = own.replace(/uploads\/.*$/, `uploads/${aliceFolder}/notes.txt`);
    const neverUploaded = own.replace(/\/[^/]+\.png$/, '/neveruploaded01.png');
    const created = await create(alice, []);
    if (!created.ok) throw new Error('create failed');
    const before = await written();

    const cases: [unknown[], string, string][] = [
      [[own, colleagues], '第 2 张图片不是本人上传的文件', 'other-users-folder'],
      [[otherEnv], '第 1 张图片不属于本环境', 'other-environment'],
      [[outside], '第 1 张图片不在上传目录中', 'not-an-upload-path'],
      [[own, neverUploaded], '第 2 张图片文件不存在或已删除', 'missing'],
    ];
    for (const [images, message, problem] of cases) {
      for (const res of [await create(alice, images), await callAs(emu, alice, 'tickets', 'reply', { id: created.data.ticketId, content: '补充截图', images })]) {
        expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(message), details: { problem } } });
        if (!res.ok) expect(res.error.message).toContain('图片须为本人上传到本环境的文件');
      }
    }
    expect(await written()).toEqual(before);
  });

  test('When another provider attaches our user’s fileID or asks for our ticket, then it is refused and never gets a URL', async () => {
    const image = await aliceImage();
    const ours = await create(alice, [image]);
    if (!ours.ok) throw new Error('create failed');
    const theirs = await create(eve, [image], other.customers[0]._id);
    expect(theirs).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { problem: 'other-users-folder' } } });
    expect(await callAs(emu, eve, 'tickets', 'detail', { id: ours.data.ticketId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await rawDocs(emu, COLLECTIONS.tickets, { serviceProviderId: other.tenant.provider._id })).toEqual([]);
  });

  test('When an attached file is deleted later, then detail still lists it, with url null', async () => {
    const [kept, removed] = [await aliceImage(), await aliceImage()];
    const created = await create(alice, [kept, removed]);
    if (!created.ok) throw new Error('create failed');
    await emu.storage.deleteFiles({ kind: 'server' }, [removed]);
    const detail = await callAs(emu, alice, 'tickets', 'detail', { id: created.data.ticketId });
    expect(detail).toMatchObject({ ok: true, data: { ticket: { images: [{ fileID: kept, url: expect.any(String) }, { fileID: removed, url: null }] } } });
  });

  test('When images are attached and shown, then the storage request costs no database round trip: create’s check overlaps the customer read, detail adds one storage request after the ticket read', async () => {
    const customerId = acme.customers[1]._id;
    // Within one invocation: the rounds with the storage check and without it are the same count, i.e. the
    // check never runs on its own. (Comparing two invocations was flaky: the session's sliding write runs
    // beside the handler and, on a loaded machine, sometimes spans two operations, merging their rounds.)
    // The overlap is seen from the emulator's side (when each request arrived and was answered): on a loaded
    // machine a concurrent request may still arrive after its sibling was answered, so one invocation of five
    // showing it is enough; a check awaited on its own could never show it.
    const overlapped: boolean[] = [];
    for (let i = 0; i < 5 && !overlapped.includes(true); i++) {
      await create(alice, [await aliceImage(), await aliceImage()], customerId);
      const { clientRequests } = await lastInvocation(emu, 'tickets');
      const storageChecks = clientRequests.filter((r) => r.action?.startsWith('storage.'));
      expect(storageChecks.length).toBeGreaterThan(0);
      overlapped.push(countSequentialRoundTrips(clientRequests) === countSequentialRoundTrips(clientRequests.filter((r) => !r.action?.startsWith('storage.'))));
    }
    expect(overlapped).toContain(true);

    const created = await create(alice, [await aliceImage()], customerId);
    if (!created.ok) throw new Error('create failed');
    await callAs(emu, alice, 'tickets', 'detail', { id: created.data.ticketId });
    const detail = await lastInvocation(emu, 'tickets');
    const database = detail.clientRequests.filter((r) => r.action?.startsWith('database.'));
    const storage = detail.clientRequests.filter((r) => r.action?.startsWith('storage.'));
    expect(storage.map((r) => r.action)).toEqual(['storage.batchGetDownloadUrl']);
    // The session, then the ticket: the database's two; the URLs need the ticket's fileIDs, so they come after.
    expect(countSequentialRoundTrips(database)).toBe(2);
    expect(detail.sequentialRoundTrips).toBe(3);
    const plainDetail = await create(alice, [], customerId);
    if (!plainDetail.ok) throw new Error('create failed');
    await callAs(emu, alice, 'tickets', 'detail', { id: plainDetail.data.ticketId });
    expect((await lastInvocation(emu, 'tickets')).sequentialRoundTrips).toBe(2);
  });

  test('When the app names its upload path, then it is the user’s folder and month, and the storage rule refuses a client writing anywhere else', async () => {
    const path = newUploadPath(userId(acme, 'acme-alice'), { now: new Date('2026-12-31T17:00:00Z'), extension: 'JPG' });
    expect(path).toMatch(new RegExp(`^uploads/${userId(acme, 'acme-alice')}/202701/[0-9a-z]{20}\\.jpg$`));
    await expect(uploadAs(emu, { openid: alice }, 'avatars/alice.png')).rejects.toThrow(/STORAGE_EXCEED_AUTHORITY|permission denied/);
    await expect(uploadAs(emu, { openid: alice }, `uploads/${userId(acme, 'acme-alice')}/202612/page.html`, Buffer.from('<b>'))).rejects.toThrow(/permission denied/);
  });
});
