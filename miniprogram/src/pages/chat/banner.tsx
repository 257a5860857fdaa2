import { Text, View } from '@tarojs/components';
import type { ConversationState } from '@partner-desk/contract';
import { LABELS } from '../../services/labels';
import { formatRelativeTime } from '../../utils/format';
import { bounceCountdown, waitingText } from './countdown';

export interface ConversationBannerProps {
  conversation: ConversationState | null;
  now: Date;
  onEscalate(): void;
  onOpenTicket(ticketId: string): void;
}

/**
 * Above the messages: where the consultation stands — waiting for a reply with the countdown to 退回总部,
 * answered, handed back to HQ, or escalated (with its ticket) — and 升级为工单 while it can be.
 */
export function ConversationBanner({ conversation: c, now, onEscalate, onOpenTicket }: ConversationBannerProps) {
  if (!c) return null;
  const countdown = c.status === 'open' ? bounceCountdown(c.bounceAt, now) : null;
  const waiting = c.status === 'open' ? waitingText(c.waitingSince, now) : null;
  let line: string;
  if (c.status === 'escalated') line = LABELS.conversationStatus.escalated;
  else if (c.status === 'bounced') line = `${c.bouncedAt ? `${formatRelativeTime(c.bouncedAt, now)} ` : ''}已退回总部，回复后可继续跟进`;
  else line = waiting ?? '已回复，等待客户消息';
  return (
    <View className={`chat-banner chat-banner--${c.status}`}>
      <View className='chat-banner__state'>
        <Text className='chat-banner__line'>{line}</Text>
        {countdown ? <Text className={`chat-banner__countdown${countdown.urgent ? ' chat-banner__countdown--urgent' : ''}`}>{countdown.text}</Text> : null}
      </View>
      {c.status === 'escalated' && c.escalatedTicketId ? (
        <Text className='chat-banner__action' onClick={() => onOpenTicket(c.escalatedTicketId!)}>
          查看工单
        </Text>
      ) : (
        <Text className='chat-banner__action chat-banner__escalate' onClick={onEscalate}>
          升级为工单
        </Text>
      )}
    </View>
  );
}
