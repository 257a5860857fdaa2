import { Text, View } from '@tarojs/components';
import { StatusTag } from '../../components/status-tag';
import type { ConversationView } from '../../services/chat';
import { LABELS } from '../../services/labels';
import { formatRelativeTime } from '../../utils/format';
import { bounceCountdown, waitingText } from './countdown';

/**
 * One consultation: the customer, the last message (whose), when, the unread count, and its state — 待回复
 * with how long the customer has waited and the accept-or-bounce countdown, or 已退回总部 / 已升级为工单.
 */
export function ConversationRow({ conversation: c, now, onOpen }: { conversation: ConversationView; now: Date; onOpen(): void }) {
  const countdown = c.status === 'open' ? bounceCountdown(c.bounceAt, now) : null;
  const waiting = c.status === 'open' ? waitingText(c.waitingSince, now) : null;
  return (
    <View className={`conversation-row${c.waitingSince && c.status === 'open' ? ' conversation-row--waiting' : ''}`} onClick={onOpen}>
      <View className='conversation-row__avatar'>
        <Text className='conversation-row__initial'>{c.customerName.slice(0, 1)}</Text>
        {c.unreadCount > 0 ? <Text className='conversation-row__unread' aria-label={`${c.unreadCount} 条未读`}>{c.unreadCount > 99 ? '99+' : String(c.unreadCount)}</Text> : null}
      </View>
      <View className='conversation-row__main'>
        <View className='conversation-row__head'>
          <Text className='conversation-row__name'>{c.customerName}</Text>
          <Text className='conversation-row__time'>{formatRelativeTime(c.lastMessageAt, now)}</Text>
        </View>
        <Text className='conversation-row__last'>{`${c.lastSenderType === 'service_provider' ? '我：' : ''}${c.lastMessage || '[图片]'}`}</Text>
        <View className='conversation-row__meta'>
          {c.status === 'open' && c.waitingSince ? <StatusTag tone='warning' text='待回复' /> : null}
          {c.status === 'open' && !c.waitingSince ? <StatusTag tone='success' text='已回复' /> : null}
          {c.status === 'bounced' ? <StatusTag tone='neutral' text={LABELS.conversationStatus.bounced} /> : null}
          {c.status === 'escalated' ? <StatusTag tone='danger' text={LABELS.conversationStatus.escalated} /> : null}
          {waiting ? <Text className='conversation-row__waiting'>{waiting}</Text> : null}
          {c.status === 'bounced' && c.bouncedAt ? <Text className='conversation-row__waiting'>{`${formatRelativeTime(c.bouncedAt, now)}退回`}</Text> : null}
        </View>
        {countdown ? <Text className={`conversation-row__countdown${countdown.urgent ? ' conversation-row__countdown--urgent' : ''}`}>{countdown.text}</Text> : null}
      </View>
    </View>
  );
}
