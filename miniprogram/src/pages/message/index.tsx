import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useAtom, useAtomValue, useStore } from 'jotai';
import { ListToolbar } from '../../components/list-toolbar';
import { confirm, toast, toastSuccess } from '../../components/feedback';
import { PagedListView } from '../../components/paged-list';
import { PageShell } from '../../components/page-shell';
import { asClientError } from '../../services/cloud';
import { listMessages, type MessageListItem } from '../../services/messages';
import { MESSAGE_CATEGORIES, messageCategoryAtom, readAllMessages, typeOf, unreadCountsAtom, unreadIn } from '../../state/messages';
import { usePagedList } from '../../state/paged-list';
import { CategoryTabs } from './category-tabs';
import { MessageRow } from './message-row';
import { MessageSheet } from './message-sheet';
import './index.css';

const keyOf = (message: MessageListItem) => message.id;

/**
 * 消息中心 (seed §1.2.7): 全部 · 系统通知 · 客户提醒 · 工单更新 with their unread counts, the list (title,
 * summary, time, unread dot), a message's detail in a sheet (which marks it read and leads to what it is
 * about), and 全部已读 for the category shown. One messages.list answers a page and every category's unread
 * count; new messages arrive live.
 */
export default function MessageCenterPage() {
  const store = useStore();
  const [category, setCategory] = useAtom(messageCategoryAtom);
  const counts = useAtomValue(unreadCountsAtom);
  const [open, setOpen] = useState<MessageListItem | null>(null);
  const [markingAll, setMarkingAll] = useState(false);

  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listMessages({ page, pageSize, type: typeOf(category) });
      store.set(unreadCountsAtom, answer.unread);
      return { items: answer.messages, total: answer.total };
    },
    keyOf,
    deps: [category],
    topics: ['messages'],
  });

  const unread = unreadIn(counts, category);
  const categoryLabel = MESSAGE_CATEGORIES.find((c) => c.key === category)?.label ?? '全部';

  async function markAllRead() {
    if (unread === 0) return toast(category === 'all' ? '没有未读消息' : `「${categoryLabel}」没有未读消息`);
    const confirmed = await confirm({
      title: '全部标为已读？',
      content: category === 'all' ? `全部 ${unread} 条未读消息将标为已读` : `「${categoryLabel}」中 ${unread} 条未读消息将标为已读`,
      confirmText: '全部已读',
    });
    if (!confirmed) return;
    setMarkingAll(true);
    try {
      const updated = await readAllMessages(category);
      await list.refresh();
      toastSuccess(updated > 0 ? `已读 ${updated} 条` : '已全部已读');
    } catch (err) {
      toast(asClientError(err).message);
    } finally {
      setMarkingAll(false);
    }
  }

  function afterRead(message: MessageListItem) {
    list.updateItem(message.id, (item) => ({ ...item, readStatus: 'read' }));
  }

  return (
    <PageShell status='ready' className='message-center'>
      <View className='message-center__header'>
        <CategoryTabs value={category} counts={counts} onChange={setCategory} />
        <ListToolbar summary={unread > 0 ? `${unread} 条未读` : '没有未读消息'}>
          <Text className={`message-center__read-all${unread === 0 || markingAll ? ' message-center__read-all--disabled' : ''}`} onClick={() => void markAllRead()}>
            {markingAll ? '正在标记…' : '全部已读'}
          </Text>
        </ListToolbar>
      </View>
      <PagedListView
        list={list}
        keyOf={keyOf}
        renderItem={(message) => <MessageRow message={message} showType={category === 'all'} onOpen={() => setOpen(message)} />}
        empty={{ title: category === 'all' ? '暂无消息' : `暂无${categoryLabel}`, description: '新的通知、客户提醒和工单动态会出现在这里' }}
      />
      <MessageSheet message={open} onClose={() => setOpen(null)} onRead={afterRead} />
    </PageShell>
  );
}
