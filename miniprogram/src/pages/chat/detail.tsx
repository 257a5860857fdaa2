import { useEffect, useMemo, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { Button } from '../../components/nutui';
import { PageShell } from '../../components/page-shell';
import { EmptyState } from '../../components/state-view';
import { isH5 } from '../../services/platform';
import { openChatList, openTicket } from '../../services/routes';
import { discardOutboxItem, enqueueOutbox, outboxSendingAtom, retryOutboxItem, threadOf, useOutboxThread } from '../../state/outbox';
import { SUBSCRIBE_AT, subscribeOnTap } from '../../state/subscriptions';
import { ConversationBanner } from './banner';
import { Composer, type ComposedReply } from './composer';
import { useNow } from './countdown';
import { EscalateSheet } from './escalate-sheet';
import { chatEntries, sentButNotFetched } from './history';
import { MessageBubble, OutboxBubble } from './message-bubble';
import { useChatHistory } from './use-chat-history';
import './detail.css';

const decode = (value: string | undefined) => {
  try {
    return value ? decodeURIComponent(value) : '';
  } catch {
    return value ?? '';
  }
};

/** Beyond any chat's height: the scroll view stops at its bottom. Changed by one for each new entry at the end. */
const BOTTOM = 10_000_000;

const elementIdOf = (entry: { kind: 'message' | 'outbox'; key: string }) => `${entry.kind === 'message' ? 'm' : 'o'}-${entry.key}`;

/**
 * 咨询详情 (seed §1.2, §5.3.6): one customer's chat — history paging upward, replies through the offline
 * outbox (待发送 / 发送失败 + 重试, then the PC delivery state 待同步 / 已同步 / 同步失败), the accept-or-bounce
 * countdown, 升级为工单. A customer's new message and a reply's delivery state arrive live (topic chat).
 */
export default function ChatDetailPage() {
  const { params } = useRouter();
  const customerId = decode(params.customerId);
  if (!customerId)
    return (
      <PageShell status='ready'>
        <EmptyState
          title='没有找到这个咨询'
          description='链接缺少客户信息'
          action={
            <Button size='small' type='primary' fill='outline' onClick={() => void openChatList()}>
              查看全部咨询
            </Button>
          }
        />
      </PageShell>
    );
  return <ChatView customerId={customerId} initialName={decode(params.name)} />;
}

/**
 * The chat fills the window under the navigation bar. In WeChat the bar is native and 100vh is the page;
 * Taro's H5 draws the bar inside the page (sticky), so there the frame is 100vh less the bar as drawn.
 */
function useFrameHeight(): string | undefined {
  const [height, setHeight] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!isH5() || typeof document === 'undefined') return;
    const bar = document.querySelector('.taro-navigation-bar-show');
    const barHeight = bar ? bar.getBoundingClientRect().height : 0;
    if (barHeight > 0) setHeight(`calc(100vh - ${Math.ceil(barHeight)}px)`);
  }, []);
  return height;
}

function ChatView({ customerId, initialName }: { customerId: string; initialName: string }) {
  const store = useStore();
  const history = useChatHistory(customerId);
  const outbox = useOutboxThread(threadOf('chat.reply', { customerId, content: '', images: [] }));
  const sendingId = useAtomValue(outboxSendingAtom);
  const [escalating, setEscalating] = useState(false);
  const now = useNow(history.conversation?.status === 'open' && history.conversation.bounceAt !== null);

  const frameHeight = useFrameHeight();
  const customerName = history.messages[0]?.customerName ?? initialName;
  useEffect(() => {
    if (customerName) Taro.setNavigationBarTitle({ title: customerName }).catch(() => undefined);
  }, [customerName]);

  // A reply the cloud accepted: the newest page again, so it shows with its delivery state (and the countdown stops).
  const unfetched = sentButNotFetched(history.messages, outbox).join(',');
  useEffect(() => {
    if (unfetched) void history.refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unfetched]);

  const entries = useMemo(() => chatEntries(history.messages, outbox), [history.messages, outbox]);

  // Scrolling: to the bottom when an entry is added at the end (through scrollTop, which the scroll view also
  // applies when it finishes loading after the first answer; scrollIntoView it would drop then); back to where
  // the reader was after older messages were put above (the entry that was first).
  const [bottomTick, setBottomTick] = useState(0);
  const [anchor, setAnchor] = useState('');
  const firstBeforeOlder = useRef<string | null>(null);
  const lastId = entries.length ? elementIdOf(entries[entries.length - 1]) : '';
  useEffect(() => {
    if (lastId) setBottomTick((tick) => tick + 1);
  }, [lastId]);
  const firstId = entries.length ? elementIdOf(entries[0]) : '';
  useEffect(() => {
    if (firstBeforeOlder.current && firstBeforeOlder.current !== firstId) {
      setAnchor(firstBeforeOlder.current);
      firstBeforeOlder.current = null;
    }
  }, [firstId]);
  const loadOlder = () => {
    if (!history.hasOlder || history.loadingOlder) return;
    firstBeforeOlder.current = firstId;
    void history.loadOlder();
  };

  function send({ text, images }: ComposedReply) {
    void subscribeOnTap(store, SUBSCRIBE_AT.chatReply);
    enqueueOutbox(store, 'chat.reply', { customerId, content: text, images });
  }

  function escalated(ticketId: string) {
    setEscalating(false);
    void history.refresh();
    void openTicket(ticketId);
  }

  return (
    <PageShell status={history.status} error={history.status === 'error' ? history.error : history.refreshError} onRetry={() => void (history.status === 'error' ? history.reload() : history.refresh())} className='chat-detail'>
      <View className='chat-detail__frame' style={frameHeight ? { height: frameHeight } : undefined}>
        <ConversationBanner conversation={history.conversation} now={now} onEscalate={() => setEscalating(true)} onOpenTicket={(id) => void openTicket(id)} />
        <ScrollView
          className='chat-detail__messages'
          scrollY
          scrollTop={bottomTick ? BOTTOM + bottomTick : undefined}
          scrollIntoView={anchor}
          scrollIntoViewAlignment='start'
          upperThreshold={40}
          onScrollToUpper={loadOlder}
        >
          <View className='chat-detail__older' onClick={loadOlder}>
            <Text className={`chat-detail__older-text${history.olderError ? ' chat-detail__older-text--error' : ''}`}>
              {history.loadingOlder
                ? '正在加载…'
                : history.olderError
                  ? `${history.olderError.message}，点击重试`
                  : history.hasOlder
                    ? '查看更早的消息'
                    : entries.length
                      ? '以上是全部消息'
                      : '还没有消息'}
            </Text>
          </View>
          {entries.map((entry) =>
            entry.kind === 'message' ? (
              <MessageBubble key={entry.key} message={entry.message} />
            ) : (
              <OutboxBubble
                key={entry.key}
                item={entry.item}
                sending={sendingId === entry.item.clientId}
                onRetry={() => void retryOutboxItem(store, entry.item.clientId)}
                onDiscard={() => discardOutboxItem(store, entry.item.clientId)}
              />
            ),
          )}
        </ScrollView>
        <Composer onSend={send} />
      </View>
      <EscalateSheet visible={escalating} customerId={customerId} customerName={customerName || '该客户'} onClose={() => setEscalating(false)} onEscalated={escalated} />
    </PageShell>
  );
}
