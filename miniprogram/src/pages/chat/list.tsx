import { View } from '@tarojs/components';
import { PagedListView } from '../../components/paged-list';
import { PageShell } from '../../components/page-shell';
import { listConversations, type ConversationView } from '../../services/chat';
import { openChat } from '../../services/routes';
import { usePagedList } from '../../state/paged-list';
import { ConversationRow } from './conversation-row';
import { useNow } from './countdown';
import './list.css';

const keyOf = (conversation: ConversationView) => conversation.customerId;

/**
 * 咨询 (seed §1.2, §5.3.6): the consultations the PC side routed to this provider, newest first — customer,
 * last message, waiting since, unread count, the accept-or-bounce countdown, bounced / escalated. Refetched
 * live when a customer writes (topic chat), pull-down and paging as every list; a tap opens the chat.
 */
export default function ChatListPage() {
  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listConversations(page, pageSize);
      return { items: answer.conversations, total: answer.total };
    },
    keyOf,
    topics: ['chat'],
  });
  // The countdown ticks only while one is on screen.
  const now = useNow(list.items.some((c) => c.status === 'open' && c.bounceAt !== null));

  return (
    <PageShell status='ready' className='chat-list'>
      <View className='chat-list__body'>
        <PagedListView
          list={list}
          keyOf={keyOf}
          renderItem={(conversation) => <ConversationRow conversation={conversation} now={now} onOpen={() => void openChat(conversation.customerId, conversation.customerName)} />}
          empty={{ title: '暂无咨询', description: '客户在 PC 端咨询并转给本服务商后，会出现在这里' }}
        />
      </View>
    </PageShell>
  );
}
