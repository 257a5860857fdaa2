import type { CreateTicketPayload } from '../../services/tickets';
import { LABELS, type TicketPriority, type TicketType } from '../../services/labels';
import type { Choice } from './choice-chips';

/** The contract's bounds (tickets.create): a title of 1–100 characters, a description of 1–2000 after trimming. */
export const TITLE_MAX = 100;
export const CONTENT_MAX = 2000;

export const TYPE_CHOICES: Choice<TicketType>[] = (Object.keys(LABELS.ticketType) as TicketType[]).map((key) => ({ key, label: LABELS.ticketType[key] }));
/** Most urgent first, as a provider decides. */
export const PRIORITY_CHOICES: Choice<TicketPriority>[] = (Object.keys(LABELS.ticketPriority) as TicketPriority[]).reverse().map((key) => ({ key, label: LABELS.ticketPriority[key] }));

export interface NewTicketDraft {
  title: string;
  type: TicketType | null;
  priority: TicketPriority;
  content: string;
  /** Uploaded screenshots' fileIDs (the image picker's). */
  images: string[];
}

export const EMPTY_DRAFT: NewTicketDraft = { title: '', type: null, priority: 'normal', content: '', images: [] };

export interface NewTicketErrors {
  title?: string;
  type?: string;
  content?: string;
  images?: string;
}

/** Where the screenshots' uploads stand (the image picker's counts). */
export interface ImagesState {
  uploading: number;
  failed: number;
}

/** What can be checked before sending (the function checks again and has the last word). */
export function checkNewTicket(draft: NewTicketDraft, images: ImagesState = { uploading: 0, failed: 0 }): NewTicketErrors {
  const errors: NewTicketErrors = {};
  const title = draft.title.trim();
  const content = draft.content.trim();
  if (!title) errors.title = '请填写工单标题';
  else if (title.length > TITLE_MAX) errors.title = `标题最多 ${TITLE_MAX} 字`;
  if (!draft.type) errors.type = '请选择工单类型';
  if (!content) errors.content = '请描述遇到的问题';
  else if (content.length > CONTENT_MAX) errors.content = `问题描述最多 ${CONTENT_MAX} 字`;
  if (images.uploading > 0) errors.images = '图片还在上传，请稍候再提交';
  else if (images.failed > 0) errors.images = '有图片上传失败，请点图片重试或删除后再提交';
  return errors;
}

export function toCreatePayload(customerId: string, draft: NewTicketDraft): CreateTicketPayload {
  return { customerId, title: draft.title.trim(), content: draft.content.trim(), type: draft.type!, priority: draft.priority, images: draft.images };
}
