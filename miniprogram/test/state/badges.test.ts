/**
 * The tab badges and the 新咨询 toast, fed by live updates: every topic change refetches dashboard.overview
 * once (changes that come together are coalesced), and a change of chat looks for a customer who wrote since.
 */
import { act } from '@testing-library/react';
import { createStore } from 'jotai';
import { bumpTopics } from '../../src/state/live';
import { overview, startBadgeUpdates, tabBadgesAtom, badgeText } from '../../src/state/overview';
import { installFakeCloud } from '../support/fake-cloud';
import { NOW, overviewAnswer } from '../support/fixtures';

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 30)));

function conversation(customerName: string, lastMessageAt: string, lastSenderType: 'customer' | 'service_provider') {
  return {
    customerId: `cus_${customerName}`,
    customerName,
    lastMessage: '你好，系统登录不了',
    lastSenderType,
    lastMessageAt,
    unreadCount: lastSenderType === 'customer' ? 1 : 0,
    waitingSince: lastSenderType === 'customer' ? lastMessageAt : null,
    status: 'open' as const,
    escalatedTicketId: null,
    bounceAt: null,
    bouncedAt: null,
  };
}

test('When topics change, then the overview is fetched once for changes that come together, and the badges follow it', async () => {
  let pending = 37;
  const cloud = installFakeCloud().on('dashboard', 'overview', () => overviewAnswer({ pendingTickets: pending }));
  const store = createStore();
  const stop = startBadgeUpdates(store, { debounceMs: 5, notify: () => undefined });

  expect(store.get(tabBadgesAtom)).toBeNull();
  // A reply bumps tickets and customers together.
  bumpTopics(store, ['tickets']);
  bumpTopics(store, ['customers']);
  await settle();
  expect(cloud.callsOf('dashboard', 'overview')).toHaveLength(1);
  expect(store.get(tabBadgesAtom)).toEqual({ workbench: 3, tickets: 37, messages: 12 });

  pending = 36;
  bumpTopics(store, ['tickets']);
  await settle();
  expect(cloud.callsOf('dashboard', 'overview')).toHaveLength(2);
  expect(store.get(tabBadgesAtom)).toEqual({ workbench: 3, tickets: 36, messages: 12 });
  // No chat change: nobody looked at the conversations.
  expect(cloud.callsOf('chat', 'conversations')).toEqual([]);
  stop();
});

test('When a customer writes after the app started, then a toast names them once; the provider’s own reply and older messages do not', async () => {
  const started = NOW;
  let newest = conversation('杭州明达贸易有限公司', new Date(started.getTime() + 60_000).toISOString(), 'customer');
  const cloud = installFakeCloud()
    .on('dashboard', 'overview', overviewAnswer())
    .on('chat', 'conversations', () => ({ conversations: [newest], total: 1, page: 1, pageSize: 1 }));
  const store = createStore();
  const toasts: string[] = [];
  const stop = startBadgeUpdates(store, { debounceMs: 5, notify: (title) => toasts.push(title), now: () => started });

  bumpTopics(store, ['chat']);
  await settle();
  expect(cloud.callsOf('chat', 'conversations')[0].payload).toEqual({ page: 1, pageSize: 1 });
  expect(toasts).toEqual(['新咨询：杭州明达贸易有限公司']);

  // The same message again (read elsewhere): no second toast.
  bumpTopics(store, ['chat']);
  await settle();
  expect(toasts).toHaveLength(1);

  // The provider replied: newest is theirs.
  newest = conversation('杭州明达贸易有限公司', new Date(started.getTime() + 120_000).toISOString(), 'service_provider');
  bumpTopics(store, ['chat']);
  await settle();
  expect(toasts).toHaveLength(1);

  newest = conversation('成都锦程物流有限公司', new Date(started.getTime() + 180_000).toISOString(), 'customer');
  bumpTopics(store, ['chat']);
  await settle();
  expect(toasts).toEqual(['新咨询：杭州明达贸易有限公司', '新咨询：成都锦程物流有限公司']);
  stop();
});

test('When a message came before the app started, then it brings no toast (the badge shows it)', async () => {
  installFakeCloud()
    .on('dashboard', 'overview', overviewAnswer({ waitingChats: 1 }))
    .on('chat', 'conversations', { conversations: [conversation('老客户', new Date(NOW.getTime() - 60_000).toISOString(), 'customer')], total: 1, page: 1, pageSize: 1 });
  const store = createStore();
  const toasts: string[] = [];
  const stop = startBadgeUpdates(store, { debounceMs: 5, notify: (title) => toasts.push(title), now: () => NOW });
  bumpTopics(store, ['chat']);
  await settle();
  expect(toasts).toEqual([]);
  expect(store.get(tabBadgesAtom)?.workbench).toBe(1);
  expect(store.get(overview.atom).status).toBe('ready');
  stop();
});

test('When a count is over 99, then its badge reads 99+', () => {
  expect([badgeText(1), badgeText(99), badgeText(100), badgeText(2048)]).toEqual(['1', '99', '99+', '99+']);
});
