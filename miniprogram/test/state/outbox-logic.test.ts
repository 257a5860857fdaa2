/** The outbox's pure part: client ids, status moves, what is due, what storage may hold. */
import { type OutboxItem, dueItems, isOutboxItem, markForRetry, markRefused, markSent, mergeItems, newClientId, newItem, pruneSent, SENT_KEPT_MS } from '../../src/state/outbox-logic';

const at = (iso: string) => new Date(iso);

test('A client id fits chat.send clientMessageId (≤ 64 of [A-Za-z0-9_.:-]) and two are never the same', () => {
  const ids = new Set(Array.from({ length: 500 }, () => newClientId()));
  expect(ids.size).toBe(500);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
  expect(newClientId(at('2026-12-07T06:30:00.000Z'), () => 0)).toBe(`c-${Date.parse('2026-12-07T06:30:00.000Z').toString(36)}-000000000000`);
});

test('Due items are the pending ones of the signed-in user, oldest first; sent and failed ones and other users wait', () => {
  const a = newItem('chat.reply', { customerId: 'c1', content: 'a', images: [] }, 'u1', at('2026-12-07T06:00:02Z'), 'a');
  const b = newItem('chat.reply', { customerId: 'c1', content: 'b', images: [] }, 'u1', at('2026-12-07T06:00:01Z'), 'b');
  const c = newItem('tickets.reply', { id: 't1', content: 'c', images: [] }, 'u2', at('2026-12-07T06:00:00Z'), 'c');
  const d = newItem('chat.reply', { customerId: 'c2', content: 'd', images: [] }, 'u1', at('2026-12-07T06:00:03Z'), 'd');
  let items: OutboxItem[] = [a, b, c, d];
  items = markRefused(items, 'd', { code: 'NOT_FOUND', message: '客户不存在或属于其他服务商' });
  expect(dueItems(items, 'u1').map((i) => i.clientId)).toEqual(['b', 'a']);
  items = markSent(items, 'b', at('2026-12-07T06:01:00Z'), 'cm_b');
  expect(dueItems(items, 'u1').map((i) => i.clientId)).toEqual(['a']);
  items = markForRetry(items, 'd');
  expect(items.find((i) => i.clientId === 'd')).toMatchObject({ status: 'pending', error: null, attempts: 1 });
  expect(dueItems(items, 'u1').map((i) => i.clientId)).toEqual(['a', 'd']);
  // 重试 touches failed items only.
  expect(markForRetry(items, 'b').find((i) => i.clientId === 'b')?.status).toBe('sent');
});

test('Sent items are forgotten a day after they were sent; pending and failed ones never', () => {
  const sent = markSent([newItem('chat.reply', { customerId: 'c', content: 's', images: [] }, 'u', at('2026-12-01T00:00:00Z'), 's')], 's', at('2026-12-01T00:00:05Z'), null);
  const pending = newItem('chat.reply', { customerId: 'c', content: 'p', images: [] }, 'u', at('2026-12-01T00:00:00Z'), 'p');
  const items = [...sent, pending];
  expect(pruneSent(items, new Date(Date.parse('2026-12-01T00:00:05Z') + SENT_KEPT_MS - 1)).map((i) => i.clientId)).toEqual(['s', 'p']);
  expect(pruneSent(items, new Date(Date.parse('2026-12-01T00:00:05Z') + SENT_KEPT_MS)).map((i) => i.clientId)).toEqual(['p']);
});

test('Merging storage with memory keeps one item per client id, the one further along', () => {
  const pending = newItem('chat.reply', { customerId: 'c', content: 'x', images: [] }, 'u', at('2026-12-07T06:00:00Z'), 'x');
  const sent = markSent([pending], 'x', at('2026-12-07T06:00:01Z'), 'cm_x');
  expect(mergeItems([pending], sent)).toEqual(sent);
  expect(mergeItems(sent, [pending])).toEqual(sent);
});

test('Only well-formed items pass the storage check', () => {
  const good = newItem('tickets.reply', { id: 't', content: 'y', images: ['cloud://f'] }, 'u', at('2026-12-07T06:00:00Z'), 'y');
  expect(isOutboxItem(good)).toBe(true);
  expect(isOutboxItem({ ...good, kind: 'tickets.delete' })).toBe(false);
  expect(isOutboxItem({ ...good, payload: { customerId: 'c', content: 'y', images: [] } })).toBe(false);
  expect(isOutboxItem({ ...good, status: 'sending' })).toBe(false);
  expect(isOutboxItem({ ...good, images: undefined, payload: { id: 't', content: 'y', images: [1] } })).toBe(false);
});
