import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Section } from '../../components/section';
import { Badge, Comment, Message, Order, User } from '../../components/nutui';
import { useStore } from 'jotai';
import { openChatList, ROUTES, switchTab } from '../../services/routes';
import { openCustomerList } from '../../state/customer-filters';
import { openTicketList } from '../../state/ticket-filters';

interface Entry {
  key: string;
  label: string;
  icon: ReactNode;
  /** Tint behind the icon. */
  tint: string;
  count?: number;
  open(): void;
}

/** 快捷入口: 客户管理, 工单管理, 消息中心 (seed §1.2.2) and 咨询, each with what waits there. */
export function QuickEntries({ unreadMessages, waitingChats }: { unreadMessages: number; waitingChats: number }) {
  const store = useStore();
  const entries: Entry[] = [
    { key: 'customers', label: '客户管理', icon: <User size={24} color='#2b6cf6' />, tint: '#ebf1fe', open: () => void openCustomerList(store) },
    { key: 'tickets', label: '工单管理', icon: <Order size={24} color='#fa9d3b' />, tint: '#fff3e6', open: () => void openTicketList(store) },
    { key: 'messages', label: '消息中心', icon: <Message size={24} color='#07c160' />, tint: '#e8f8ef', count: unreadMessages, open: () => void switchTab(ROUTES.messages) },
    { key: 'chat', label: '咨询', icon: <Comment size={24} color='#7b61ff' />, tint: '#f1edff', count: waitingChats, open: () => void openChatList() },
  ];
  return (
    <Section title='快捷入口'>
      <View className='quick-entries'>
        {entries.map((entry) => (
          <View key={entry.key} className='quick-entries__item' onClick={entry.open}>
            <Badge value={entry.count ? entry.count : undefined} max={99} top='2' right='6'>
              <View className='quick-entries__icon' style={{ background: entry.tint }}>
                {entry.icon}
              </View>
            </Badge>
            <Text className='quick-entries__label'>{entry.label}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}
