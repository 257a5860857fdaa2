import { useEffect } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { useStore } from 'jotai';
import { toast } from '../../components/feedback';
import { Button } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { ListSkeleton } from '../../components/skeleton';
import { ErrorState } from '../../components/state-view';
import { MessageTypeTag } from '../../components/status-tag';
import { asClientError } from '../../services/cloud';
import { fetchMessage, type MessageListItem } from '../../services/messages';
import { readMessage, targetOf } from '../../state/messages';
import { useRemoteData } from '../../state/remote-data';
import { formatDateTime } from '../../utils/format';

export interface MessageSheetProps {
  /** The message tapped; null when the sheet is closed. */
  message: MessageListItem | null;
  onClose(): void;
  /** Told once the message is marked read, so the list can drop its dot. */
  onRead(message: MessageListItem): void;
}

/**
 * A message's detail in a bottom sheet: its full text (messages.detail), marked read on opening
 * (messages.read), and a button to what it is about (`link`: a ticket, a customer, a consultation, the
 * password reset requests).
 */
export function MessageSheet({ message, onClose, onRead }: MessageSheetProps) {
  const store = useStore();
  const id = message?.id ?? null;
  const detail = useRemoteData(() => fetchMessage(id!), [id], { enabled: id !== null });

  useEffect(() => {
    if (!message || message.readStatus === 'read') return;
    readMessage(store, message).then(
      () => onRead(message),
      (err) => toast(asClientError(err).message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const target = message ? targetOf(message) : null;
  const go = () => {
    if (!target) return;
    onClose();
    void target.open();
  };

  const full = detail.data?.message;
  return (
    <Sheet visible={message !== null} onClose={onClose} className='message-sheet'>
      {message ? (
        <View className='message-sheet__body'>
          <View className='message-sheet__meta'>
            <MessageTypeTag type={message.type} />
            <Text className='message-sheet__time'>{formatDateTime(message.createdAt)}</Text>
          </View>
          <Text className='message-sheet__title'>{message.title}</Text>
          <ScrollView scrollY className='message-sheet__scroll'>
            {detail.status === 'error' ? (
              <ErrorState compact message={detail.error?.message ?? '加载失败'} onRetry={() => void detail.reload()} />
            ) : full ? (
              <Text className='message-sheet__content'>{full.content}</Text>
            ) : (
              <ListSkeleton rows={1} />
            )}
            {message.relatedCustomerName ? <Text className='message-sheet__related'>{`相关客户：${message.relatedCustomerName}`}</Text> : null}
          </ScrollView>
          {target ? (
            <Button type='primary' block className='message-sheet__action' onClick={go}>
              {target.label}
            </Button>
          ) : (
            <Button block className='message-sheet__action' onClick={onClose}>
              知道了
            </Button>
          )}
        </View>
      ) : null}
    </Sheet>
  );
}
