/**
 * The offline outbox: a reply written on a failing network is kept (in Taro storage: it survives the page
 * and a restart), sent once with its client id when the network returns, and a refusal stays failed with
 * its Chinese reason until 重试. The cloud is FakeCloud (its network can fail), the sends go through the
 * real services and cloud-client.
 */
import { createStore } from 'jotai';
import Taro from '@tarojs/taro';
import {
  discardOutboxItem,
  enqueueOutbox,
  flushOutbox,
  OUTBOX_STORAGE_KEY,
  outboxItemsAtom,
  retryOutboxItem,
  startOutbox,
} from '../../src/state/outbox';
import { applySignIn } from '../../src/state/session';
import { eventually } from '../support/eventually';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { loginResult } from '../support/fixtures';

/** A chat backend that dedupes by clientMessageId as chat.send does (one message per client id). */
function chatBackend(cloud: ReturnType<typeof installFakeCloud>) {
  const written = new Map<string, { content: string; images: string[] }>();
  cloud.on('chat', 'send', ({ content, images, clientMessageId }) => {
    const messageId = `cm_${clientMessageId}`;
    if (!written.has(messageId)) written.set(messageId, { content: content ?? '', images: images ?? [] });
    return { messageId };
  });
  return written;
}

const signedInStore = () => {
  const store = createStore();
  applySignIn(store, loginResult());
  return store;
};

const statuses = (store: ReturnType<typeof createStore>) => store.get(outboxItemsAtom).map((item) => [item.payload.content, item.status]);

test('When the network is up, then a reply goes out at once with its client id, and shows sent with the message id', async () => {
  const cloud = installFakeCloud();
  const written = chatBackend(cloud);
  const store = signedInStore();

  const item = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_1', content: '您好，我来看一下', images: [] });
  expect(item.clientId).toMatch(/^c-[a-z0-9]+-[a-z0-9]{12}$/);
  expect(item.thread).toBe('chat:cus_1');
  await flushOutbox(store);

  expect(cloud.callsOf('chat', 'send').map((c) => c.payload)).toEqual([{ customerId: 'cus_1', content: '您好，我来看一下', images: [], clientMessageId: item.clientId }]);
  const [sent] = store.get(outboxItemsAtom);
  expect([sent.status, sent.resultId, sent.error, sent.attempts, sent.userId]).toEqual(['sent', `cm_${item.clientId}`, null, 1, 'u_admin']);
  expect([...written.values()]).toEqual([{ content: '您好，我来看一下', images: [] }]);
});

test('When offline, then replies stay pending (kept in storage), and when the network returns they go out once each, in the order written', async () => {
  const cloud = installFakeCloud().setOffline(true);
  const written = chatBackend(cloud);
  const store = signedInStore();
  const stop = startOutbox(store, { retryDelaysMs: [60_000] });

  const first = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_1', content: '第一条', images: [] });
  const second = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_1', content: '第二条', images: ['cloud://demo/uploads/u_admin/202612/abcdefgh1234.jpg'] });
  await flushOutbox(store);
  expect(statuses(store)).toEqual([
    ['第一条', 'pending'],
    ['第二条', 'pending'],
  ]);
  // Kept on the device as they are, before anything was sent.
  expect((Taro.getStorageSync(OUTBOX_STORAGE_KEY) as { clientId: string; status: string }[]).map((i) => [i.clientId, i.status])).toEqual([
    [first.clientId, 'pending'],
    [second.clientId, 'pending'],
  ]);
  expect(written.size).toBe(0);

  cloud.setOffline(false);
  window.dispatchEvent(new Event('online'));
  await eventually(() => statuses(store), [
    ['第一条', 'sent'],
    ['第二条', 'sent'],
  ]);
  // Tried once offline (no answer), once online; the cloud wrote each once, in order.
  const sends = cloud.callsOf('chat', 'send').map((c) => (c.payload as { clientMessageId: string }).clientMessageId);
  expect(sends.slice(-2)).toEqual([first.clientId, second.clientId]);
  expect([...written.values()].map((m) => m.content)).toEqual(['第一条', '第二条']);
  expect(written.get(`cm_${second.clientId}`)?.images).toEqual(['cloud://demo/uploads/u_admin/202612/abcdefgh1234.jpg']);

  // Another "online" with nothing due sends nothing more.
  const before = cloud.callsOf('chat', 'send').length;
  window.dispatchEvent(new Event('online'));
  await flushOutbox(store);
  expect(cloud.callsOf('chat', 'send').length).toBe(before);
  stop();
});

test('When a try gets no answer, then the timer tries again with the same client id, and the cloud writes the reply once', async () => {
  const cloud = installFakeCloud().failNetwork('chat', 'send', 2);
  const written = chatBackend(cloud);
  const store = signedInStore();
  const stop = startOutbox(store, { retryDelaysMs: [20, 40] });

  const item = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_9', content: '稍等', images: [] });
  await eventually(() => store.get(outboxItemsAtom)[0].status, 'sent');
  const ids = cloud.callsOf('chat', 'send').map((c) => (c.payload as { clientMessageId: string }).clientMessageId);
  expect(ids).toEqual([item.clientId, item.clientId, item.clientId]);
  expect(store.get(outboxItemsAtom)[0].attempts).toBe(3);
  expect(written.size).toBe(1);
  stop();
});

test('When the app restarts with pending replies, then they are restored from storage and sent on start', async () => {
  const offline = installFakeCloud().setOffline(true);
  const before = signedInStore();
  const item = enqueueOutbox(before, 'chat.reply', { customerId: 'cus_2', content: '重启前写的', images: [] });
  await flushOutbox(before);
  expect(offline.callsOf('chat', 'send')).toHaveLength(1);

  // A new launch: a new store, the same device storage.
  const cloud = installFakeCloud();
  const written = chatBackend(cloud);
  const after = signedInStore();
  const stop = startOutbox(after, { retryDelaysMs: [60_000] });
  await eventually(() => statuses(after), [['重启前写的', 'sent']]);
  expect(cloud.callsOf('chat', 'send').map((c) => (c.payload as { clientMessageId: string }).clientMessageId)).toEqual([item.clientId]);
  expect(written.size).toBe(1);
  stop();
});

test('When the cloud refuses a reply, then it is failed with the Chinese reason (later ones still go), and 重试 sends it again with the same client id', async () => {
  const cloud = installFakeCloud();
  let refuse = true;
  cloud.on('chat', 'send', ({ clientMessageId, content }) =>
    refuse && content === '附件不对' ? refusal('INVALID_ARGUMENT', '图片须为本人上传到本环境的文件（uploads/<本人用户 id>/…），且文件存在') : { messageId: `cm_${clientMessageId}` },
  );
  const store = signedInStore();

  const bad = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_3', content: '附件不对', images: [] });
  enqueueOutbox(store, 'chat.reply', { customerId: 'cus_3', content: '这条没问题', images: [] });
  await flushOutbox(store);
  expect(statuses(store)).toEqual([
    ['附件不对', 'failed'],
    ['这条没问题', 'sent'],
  ]);
  expect(store.get(outboxItemsAtom)[0].error).toEqual({ code: 'INVALID_ARGUMENT', message: '图片须为本人上传到本环境的文件（uploads/<本人用户 id>/…），且文件存在' });

  // A failed item is not retried by itself (the network returning changes nothing about a refusal).
  window.dispatchEvent(new Event('online'));
  await flushOutbox(store);
  expect(cloud.callsOf('chat', 'send')).toHaveLength(2);

  refuse = false;
  await retryOutboxItem(store, bad.clientId);
  expect(statuses(store)).toEqual([
    ['附件不对', 'sent'],
    ['这条没问题', 'sent'],
  ]);
  expect(cloud.callsOf('chat', 'send').map((c) => (c.payload as { clientMessageId: string }).clientMessageId)[2]).toBe(bad.clientId);
});

test('When a failed reply is discarded, then it is gone from the outbox and from storage', async () => {
  installFakeCloud().on('chat', 'send', refusal('NOT_FOUND', '客户不存在或属于其他服务商'));
  const store = signedInStore();
  const item = enqueueOutbox(store, 'chat.reply', { customerId: 'cus_x', content: '发不出去', images: [] });
  await flushOutbox(store);
  expect(statuses(store)).toEqual([['发不出去', 'failed']]);
  discardOutboxItem(store, item.clientId);
  expect(store.get(outboxItemsAtom)).toEqual([]);
  expect(Taro.getStorageSync(OUTBOX_STORAGE_KEY)).toEqual([]);
});

test('When the session has expired, then the reply stays pending (not failed) and goes once the same user signs in again', async () => {
  const cloud = installFakeCloud();
  let signedIn = false;
  cloud.on('chat', 'send', ({ clientMessageId }) => (signedIn ? { messageId: `cm_${clientMessageId}` } : refusal('UNAUTHENTICATED', '登录已过期，请重新登录')));
  const store = signedInStore();
  const stop = startOutbox(store, { retryDelaysMs: [60_000] });
  enqueueOutbox(store, 'chat.reply', { customerId: 'cus_4', content: '过期前写的', images: [] });
  await flushOutbox(store);
  expect(statuses(store)).toEqual([['过期前写的', 'pending']]);

  signedIn = true;
  applySignIn(store, loginResult());
  await eventually(() => statuses(store), [['过期前写的', 'sent']]);
  stop();
});

test("When another user signs in on the device, then the first user's pending replies are not sent as them", async () => {
  const cloud = installFakeCloud().setOffline(true);
  chatBackend(cloud);
  const store = signedInStore();
  enqueueOutbox(store, 'chat.reply', { customerId: 'cus_5', content: '管理员写的', images: [] });
  await flushOutbox(store);

  cloud.setOffline(false);
  applySignIn(store, loginResult({ id: 'u_agent', username: 'yunfan_kefu1', name: '李客服', role: 'agent' }));
  await flushOutbox(store);
  expect(statuses(store)).toEqual([['管理员写的', 'pending']]);
  expect(cloud.callsOf('chat', 'send')).toHaveLength(1);
});

test('When a ticket reply is queued, then it goes to tickets.reply and shows in its own thread', async () => {
  const cloud = installFakeCloud().on('tickets', 'reply', {});
  const store = signedInStore();
  const item = enqueueOutbox(store, 'tickets.reply', { id: 'tk_7', content: '已远程处理', images: [] });
  await flushOutbox(store);
  expect(item.thread).toBe('ticket:tk_7');
  expect(cloud.callsOf('tickets', 'reply').map((c) => c.payload)).toEqual([{ id: 'tk_7', content: '已远程处理', images: [], clientReplyId: item.clientId }]);
  expect(statuses(store)).toEqual([['已远程处理', 'sent']]);
});

test('When storage holds something else under the key, then it reads as no items and the outbox works', async () => {
  Taro.setStorageSync(OUTBOX_STORAGE_KEY, [{ clientId: 1 }, 'x', { kind: 'chat.reply' }]);
  const cloud = installFakeCloud();
  chatBackend(cloud);
  const store = signedInStore();
  enqueueOutbox(store, 'chat.reply', { customerId: 'cus_6', content: '正常', images: [] });
  await flushOutbox(store);
  expect(statuses(store)).toEqual([['正常', 'sent']]);
});
