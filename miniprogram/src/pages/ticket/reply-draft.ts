import { readStored, removeStored, writeStored } from '../../services/storage';

/** What the reply sheet holds before 发送: kept on the device per ticket, so leaving the page or restarting loses nothing. */
export interface ReplyDraft {
  content: string;
  /** fileIDs already uploaded. */
  images: string[];
}

const keyOf = (ticketId: string) => `pd.ticketReplyDraft.${ticketId}`;

const isDraft = (value: unknown): value is ReplyDraft =>
  !!value && typeof value === 'object' && typeof (value as ReplyDraft).content === 'string' && Array.isArray((value as ReplyDraft).images) && (value as ReplyDraft).images.every((id) => typeof id === 'string');

export const readReplyDraft = (ticketId: string): ReplyDraft => readStored(keyOf(ticketId), isDraft) ?? { content: '', images: [] };

export function writeReplyDraft(ticketId: string, draft: ReplyDraft): void {
  if (draft.content.trim() === '' && draft.images.length === 0) removeStored(keyOf(ticketId));
  else writeStored(keyOf(ticketId), draft);
}

export const clearReplyDraft = (ticketId: string) => removeStored(keyOf(ticketId));
