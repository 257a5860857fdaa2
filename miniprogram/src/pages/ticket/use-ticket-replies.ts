import { useEffect, useMemo } from 'react';
import { useAtomValue, useStore } from 'jotai';
import { discardOutboxItem, enqueueOutbox, outboxSendingAtom, retryOutboxItem, useOutboxThread } from '../../state/outbox';
import { sessionAtom } from '../../state/session';
import type { LocalReply } from './ticket-timeline';

/**
 * This ticket's replies through the offline outbox (state/outbox.ts): each goes out with a client id (the
 * function's clientReplyId), waits on the device while the network fails, and shows on top of the record
 * as 待发送 / 发送中 / 发送失败 with 重试 until the cloud has it. Once sent the ticket is fetched again (the
 * reply is in its record now) and the local copy forgotten.
 */
export function useTicketReplies(ticketId: string, refetch: () => Promise<void>): { local: LocalReply[]; send(content: string, images: string[]): void } {
  const store = useStore();
  const userId = useAtomValue(sessionAtom)?.user.id;
  const sending = useAtomValue(outboxSendingAtom);
  const thread = useOutboxThread(`ticket:${ticketId}`);
  const mine = useMemo(() => thread.filter((item) => item.userId === userId), [thread, userId]);

  const sentKeys = mine.filter((item) => item.status === 'sent').map((item) => item.clientId);
  useEffect(() => {
    if (sentKeys.length === 0) return;
    void refetch().finally(() => {
      for (const clientId of sentKeys) discardOutboxItem(store, clientId);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sentKeys.join(',')]);

  const local: LocalReply[] = mine.flatMap((item) =>
    item.status === 'sent'
      ? []
      : [
          {
            key: item.clientId,
            content: item.payload.content,
            images: item.payload.images,
            writtenAt: item.createdAt,
            status: item.status,
            sending: sending === item.clientId,
            error: item.error?.message,
            onRetry: () => void retryOutboxItem(store, item.clientId),
            onDiscard: () => discardOutboxItem(store, item.clientId),
          },
        ],
  );

  return {
    local,
    send: (content, images) => void enqueueOutbox(store, 'tickets.reply', { id: ticketId, content, images }),
  };
}
