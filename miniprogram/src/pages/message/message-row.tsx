import { Text, View } from '@tarojs/components';
import { MessageTypeTag } from '../../components/status-tag';
import type { MessageListItem } from '../../services/messages';
import { formatRelativeTime } from '../../utils/format';

/** One message: unread dot, title, summary, time, and (under 全部) its category and customer. */
export function MessageRow({ message, showType, onOpen }: { message: MessageListItem; showType: boolean; onOpen(): void }) {
  const unread = message.readStatus === 'unread';
  return (
    <View className={`message-row${unread ? ' message-row--unread' : ''}`} onClick={onOpen}>
      <View className='message-row__dot-slot'>{unread ? <View className='message-row__dot' aria-label='未读' /> : null}</View>
      <View className='message-row__main'>
        <View className='message-row__head'>
          <Text className='message-row__title'>{message.title}</Text>
          <Text className='message-row__time'>{formatRelativeTime(message.createdAt)}</Text>
        </View>
        <Text className='message-row__summary'>{message.content}</Text>
        {showType || message.relatedCustomerName ? (
          <View className='message-row__meta'>
            {showType ? <MessageTypeTag type={message.type} /> : null}
            {message.relatedCustomerName ? <Text className='message-row__customer'>{message.relatedCustomerName}</Text> : null}
          </View>
        ) : null}
      </View>
    </View>
  );
}
