import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationState } from '@partner-desk/contract';
import { listChatMessages, type ChatMessageView } from '../../services/chat';
import { asClientError, type ClientError } from '../../services/cloud';
import { useTopicChanges } from '../../state/live';
import { mergeMessages } from './history';

export const CHAT_PAGE_SIZE = 20;

export interface ChatHistory {
  messages: ChatMessageView[];
  conversation: ConversationState | null;
  /** Messages in the whole conversation (for 查看更早的消息). */
  total: number;
  status: 'loading' | 'ready' | 'error';
  error: ClientError | null;
  /** The last refresh of the newest page failed (what is shown may be old). */
  refreshError: ClientError | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: ClientError | null;
  /** The newest page again (live update, after a send, pull-down): merged in, older pages kept. */
  refresh(): Promise<void>;
  /** One page further back (scrolled to the top). */
  loadOlder(): Promise<void>;
  /** From the start (重试 after the first fetch failed). */
  reload(): Promise<void>;
}

interface HistoryState {
  messages: ChatMessageView[];
  conversation: ConversationState | null;
  total: number;
  /** Pages fetched going back; the next older page is pages + 1. */
  pages: number;
  status: 'loading' | 'ready' | 'error';
  error: ClientError | null;
  refreshError: ClientError | null;
  loadingOlder: boolean;
  olderError: ClientError | null;
}

const initial: HistoryState = { messages: [], conversation: null, total: 0, pages: 0, status: 'loading', error: null, refreshError: null, loadingOlder: false, olderError: null };

/**
 * One customer's chat: the newest page first, older pages on demand, the newest page fetched again on every
 * change of topic chat (a customer's new message, a reply's delivery state) while the page shows. Fetching
 * marks the conversation read (chat.messages does). New messages shift the pages back; messages are merged by
 * id, so a page that overlaps what is held adds nothing twice and skips nothing.
 */
export function useChatHistory(customerId: string): ChatHistory {
  const [state, setState] = useState<HistoryState>(initial);
  const stateRef = useRef(state);
  stateRef.current = state;
  const epoch = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++epoch.current;
    setState(initial);
    try {
      const answer = await listChatMessages(customerId, 1, CHAT_PAGE_SIZE);
      if (mine !== epoch.current) return;
      setState({ ...initial, status: 'ready', messages: mergeMessages([], answer.messages), conversation: answer.conversation, total: answer.total, pages: 1 });
    } catch (err) {
      if (mine === epoch.current) setState({ ...initial, status: 'error', error: asClientError(err) });
    }
  }, [customerId]);

  const refresh = useCallback(async () => {
    if (stateRef.current.status !== 'ready') return reload();
    const mine = epoch.current;
    try {
      const answer = await listChatMessages(customerId, 1, CHAT_PAGE_SIZE);
      if (mine !== epoch.current) return;
      setState((s) => ({ ...s, messages: mergeMessages(s.messages, answer.messages), conversation: answer.conversation, total: answer.total, refreshError: null }));
    } catch (err) {
      if (mine === epoch.current) setState((s) => ({ ...s, refreshError: asClientError(err) }));
    }
  }, [customerId, reload]);

  const loadOlder = useCallback(async () => {
    const s = stateRef.current;
    if (s.status !== 'ready' || s.loadingOlder || s.messages.length >= s.total) return;
    const mine = epoch.current;
    // Messages that arrived since the first page shifted everything back: start from the page that holds
    // the oldest message held, so nothing is skipped (what overlaps merges away).
    const page = Math.max(s.pages + 1, Math.floor(s.messages.length / CHAT_PAGE_SIZE) + 1);
    setState((x) => ({ ...x, loadingOlder: true, olderError: null }));
    try {
      const answer = await listChatMessages(customerId, page, CHAT_PAGE_SIZE);
      if (mine !== epoch.current) return;
      setState((x) => ({ ...x, messages: mergeMessages(x.messages, answer.messages), total: answer.total, pages: page, loadingOlder: false }));
    } catch (err) {
      if (mine === epoch.current) setState((x) => ({ ...x, loadingOlder: false, olderError: asClientError(err) }));
    }
  }, [customerId]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useTopicChanges(['chat'], () => void refresh());

  return { ...state, hasOlder: state.status === 'ready' && state.messages.length < state.total, refresh, loadOlder, reload };
}
