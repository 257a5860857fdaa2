import { Text, View } from '@tarojs/components';
import { ImageGrid } from '../../components/image-grid';
import type { ChatMessageView } from '../../services/chat';
import { LABELS } from '../../services/labels';
import type { OutboxItem } from '../../state/outbox';
import { formatRelativeTime } from '../../utils/format';

/** A message the cloud has: the customer's on the left, ours on the right with its delivery state to the PC side. */
export function MessageBubble({ message }: { message: ChatMessageView }) {
  const mine = message.senderType === 'service_provider';
  return (
    <View className={`chat-message chat-message--${mine ? 'mine' : 'theirs'}`} id={`m-${message.id}`}>
      <Text className='chat-message__sender'>{`${message.senderName} · ${formatRelativeTime(message.timestamp)}`}</Text>
      <View className='chat-message__bubble'>
        {message.content ? <Text className='chat-message__text'>{message.content}</Text> : null}
        {message.images.length ? <ImageGrid images={message.images} /> : null}
      </View>
      {mine && message.syncStatus ? (
        <Text className={`chat-message__state chat-message__state--sync-${message.syncStatus}`}>{LABELS.replySyncStatus[message.syncStatus]}</Text>
      ) : null}
    </View>
  );
}

export interface OutboxBubbleProps {
  item: OutboxItem;
  sending: boolean;
  onRetry(): void;
  onDiscard(): void;
}

/**
 * A reply still on this device: 待发送 (waiting for the network) / 发送中, 发送失败 with the reason and 重试 or
 * 删除, or 已发送 for the moment before the history has it. Its images are shown by count: they are fileIDs
 * this device uploaded, drawn once the cloud hands out their links.
 */
export function OutboxBubble({ item, sending, onRetry, onDiscard }: OutboxBubbleProps) {
  const { content, images } = item.payload;
  let state: string;
  if (item.status === 'failed') state = '发送失败';
  else if (item.status === 'sent') state = '已发送';
  else state = sending ? '发送中…' : '待发送';
  return (
    <View className={`chat-message chat-message--mine chat-message--outbox-${item.status}`} id={`o-${item.clientId}`}>
      <View className='chat-message__bubble'>
        {content ? <Text className='chat-message__text'>{content}</Text> : null}
        {images.length ? <Text className='chat-message__images'>{`[图片 ${images.length} 张]`}</Text> : null}
      </View>
      <View className='chat-message__state-row'>
        <Text className={`chat-message__state chat-message__state--outbox-${item.status}`}>{state}</Text>
        {item.status === 'failed' ? (
          <>
            {item.error ? <Text className='chat-message__reason'>{item.error.message}</Text> : null}
            <Text className='chat-message__retry' onClick={onRetry}>
              重试
            </Text>
            <Text className='chat-message__discard' onClick={onDiscard}>
              删除
            </Text>
          </>
        ) : null}
      </View>
    </View>
  );
}
