import { useCallback, useState } from 'react';
import { asClientError } from '../../services/cloud';
import { replyToTicket } from '../../services/tickets';
import type { LocalReply } from './ticket-timeline';

// Interim: replaced by the shared offline outbox (state/outbox.ts) once it lands on main.
export function useTicketReplies(ticketId: string, onSent: () => Promise<void>) {
  const [items, setItems] = useState<{ key: string; content: string; images: string[]; writtenAt: string; status: 'pending' | 'failed'; error?: string }[]>([]);

  const attempt = useCallback(
    async (key: string, content: string, images: string[]) => {
      setItems((all) => all.map((i) => (i.key === key ? { ...i, status: 'pending', error: undefined } : i)));
      try {
        await replyToTicket(ticketId, content, images, key);
        await onSent();
        setItems((all) => all.filter((i) => i.key !== key));
      } catch (err) {
        setItems((all) => all.map((i) => (i.key === key ? { ...i, status: 'failed', error: asClientError(err).message } : i)));
      }
    },
    [ticketId, onSent],
  );

  const send = useCallback(
    (content: string, images: string[]) => {
      const key = `r-${Date.now().toString(36)}`;
      setItems((all) => [...all, { key, content, images, writtenAt: new Date().toISOString(), status: 'pending' }]);
      void attempt(key, content, images);
    },
    [attempt],
  );

  const local: LocalReply[] = items.map((i) => ({ ...i, onRetry: () => void attempt(i.key, i.content, i.images), onDiscard: () => setItems((all) => all.filter((x) => x.key !== i.key)) }));
  return { local, send };
}
