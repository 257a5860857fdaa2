/**
 * Images in consultations, through the emulator with its storage: a provider user sends its own uploads
 * (with or without words), the message keeps their fileIDs, the conversation previews [图片], the PC
 * system's outbox row lists them, and opening the chat answers each image with a short-lived URL — to
 * colleagues too. Someone else's upload is INVALID_ARGUMENT and nothing is written.
 */
import { COLLECTIONS } from '@partner-desk/database';
import { countSequentialRoundTrips } from '../../../emulator/src/functions/round-trips';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { callAs, lastInvocation, rawDocs, seedDesk, snapshot, startProductEmulators, TINY_PNG, uploadImage, type Desk } from '../../../test-support';

describe('chat images', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let bob: string;
  let eve: string;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' });
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' });
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
    eve = other.openIds['other-eve'];
  }, 60_000);
  afterAll(() => emu?.stop());

  const imageOf = (desk: Desk, openId: string, username: string) => uploadImage(emu, { openid: openId }, desk.tenant.users[username]._id);
  const send = (openId: string, customerId: string, payload: Record<string, unknown>) => callAs(emu, openId, 'chat', 'send', { customerId, ...payload });

  test('When a user sends only images, then the message keeps them, the conversation previews [图片], the outbox row lists them, and a colleague opening the chat gets URLs that serve them', async () => {
    const customer = acme.customers[0];
    const [one, two] = [await imageOf(acme, alice, 'acme-alice'), await imageOf(acme, alice, 'acme-alice')];
    const sent = await send(alice, customer._id, { images: [one, two], clientMessageId: 'img-1' });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const [stored] = await rawDocs(emu, COLLECTIONS.chatMessages, { _id: sent.data.messageId });
    expect(stored).toMatchObject({ content: '', images: [one, two], senderType: 'service_provider' });
    expect((await rawDocs(emu, COLLECTIONS.chatConversations, { customerId: customer._id }))[0]).toMatchObject({ lastMessage: '[图片]', lastSenderType: 'service_provider' });
    expect((await rawDocs(emu, COLLECTIONS.outbox, { relatedId: sent.data.messageId }))[0].payload).toMatchObject({ messageId: sent.data.messageId, content: '', images: [one, two] });

    const opened = await callAs(emu, bob, 'chat', 'messages', { customerId: customer._id });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const message = opened.data.messages.find((m: any) => m.id === sent.data.messageId);
    expect(message.images).toEqual([
      { fileID: one, url: expect.stringMatching(/\?sign=[0-9a-f]{64}&t=\d+$/) },
      { fileID: two, url: expect.stringMatching(/\?sign=[0-9a-f]{64}&t=\d+$/) },
    ]);
    const res = await fetch(message.images[1].url);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(TINY_PNG);
  });

  test('When words and an image go together, then both are kept and the preview is the words', async () => {
    const customer = acme.customers[1];
    const image = await imageOf(acme, bob, 'acme-bob');
    const sent = await send(bob, customer._id, { content: '这是设置界面', images: [image] });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    expect((await rawDocs(emu, COLLECTIONS.chatMessages, { _id: sent.data.messageId }))[0]).toMatchObject({ content: '这是设置界面', images: [image] });
    expect((await rawDocs(emu, COLLECTIONS.chatConversations, { customerId: customer._id }))[0].lastMessage).toBe('这是设置界面');
  });

  test('When a user sends a colleague’s upload, or another provider sends ours, or neither words nor images, then INVALID_ARGUMENT and nothing is written', async () => {
    const colleagues = await imageOf(acme, bob, 'acme-bob');
    const before = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox]);
    expect(await send(alice, acme.customers[0]._id, { content: '看这个', images: [colleagues] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('第 1 张图片不是本人上传的文件'), details: { problem: 'other-users-folder' } },
    });
    expect(await send(eve, other.customers[0]._id, { images: [colleagues] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { problem: 'other-users-folder' } } });
    expect(await send(alice, acme.customers[0]._id, { content: '  ', images: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: [{ path: 'content', message: '消息内容和图片不能都为空' }] } });
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox])).toEqual(before);
  });

  test('When a chat page with images is opened, then its URLs come in one storage request after the page’s reads, the database’s stays at two rounds', async () => {
    const customerId = acme.customers[0]._id;
    await callAs(emu, alice, 'chat', 'messages', { customerId }); // nothing unread afterwards
    await callAs(emu, alice, 'chat', 'messages', { customerId });
    const opened = await lastInvocation(emu, 'chat');
    const database = opened.clientRequests.filter((r) => r.action?.startsWith('database.'));
    expect(opened.clientRequests.filter((r) => r.action?.startsWith('storage.')).map((r) => r.action)).toEqual(['storage.batchGetDownloadUrl']);
    expect(countSequentialRoundTrips(database)).toBe(2);
    expect(opened.sequentialRoundTrips).toBe(3);
  });
});
