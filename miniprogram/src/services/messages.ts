import type { MessageDetail, MessageLink, MessageListItem, MessageType } from '@partner-desk/contract';
import { request } from './cloud';

export type { MessageDetail, MessageLink, MessageListItem, MessageType };

export interface MessageQuery {
  page: number;
  pageSize: number;
  /** One category, or every one when absent (全部). */
  type?: MessageType;
}

/** A page of messages, and the unread counts of every category (the tabs' marks) in the same answer. */
export const listMessages = ({ page, pageSize, type }: MessageQuery) => request('messages', 'list', type ? { page, pageSize, type } : { page, pageSize });
export const fetchMessage = (id: string) => request('messages', 'detail', { id });
export const markMessageRead = (id: string) => request('messages', 'read', { id });
/** Marks every unread message of one category (or of all) read; answers how many changed. */
export const markAllMessagesRead = (type?: MessageType) => request('messages', 'readAll', type ? { type } : {});
export const fetchUnreadCounts = () => request('messages', 'unreadCount');
