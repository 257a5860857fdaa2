import type { NotificationSettingKey } from './enums';

/**
 * WeChat subscribe messages (订阅消息) the product sends: one send per accepted request
 * (`wx.requestSubscribeMessage`), counted server-side (profile.recordSubscribeAccepts) and consumed by the
 * sender (takeSubscribeCredit in @partner-desk/shared/profile). The message centre stays the source of
 * truth: a send without credit, or with the user's switch off, is skipped.
 *
 * Template ids are the ones chosen in the mini-program's backend (订阅消息 → 我的模板); the functions take
 * an override from the environment variable named here, and profile.get answers the ids in effect so the
 * app asks for the same ones.
 */
export const SUBSCRIBE_TEMPLATE_KEYS = ['new_consultation', 'hq_ticket_update', 'bounce_warning'] as const;
export type SubscribeTemplateKey = (typeof SUBSCRIBE_TEMPLATE_KEYS)[number];

/** What `wx.requestSubscribeMessage` answers per template id (accept: one send allowed). */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

export interface SubscribeTemplate {
  /** The template's title in WeChat's library (shown in the permission dialog). */
  title: string;
  /** The 通知开关 that must be on for a send. */
  setting: NotificationSettingKey;
  templateId: string;
  /** Environment variable of the functions that overrides templateId. */
  envVar: string;
  /** The template's keywords (data keys) and what each carries; WeChat limits thing.DATA to 20 characters. */
  fields: Record<string, string>;
  /** The app page the message opens (`page` of subscribeMessage.send), with the query the sender fills. */
  page: string;
}

export const SUBSCRIBE_TEMPLATES: Record<SubscribeTemplateKey, SubscribeTemplate> = {
  new_consultation: {
    title: '新咨询提醒',
    setting: 'chatMessages',
    templateId: '-Ij7Vs_lx0k61UjvkjctkxAbq7fBy5BDN8AWYxQthEw',
    envVar: 'PD_TEMPLATE_NEW_CONSULTATION',
    fields: { thing1: '客户名称', thing2: '咨询内容', time3: '咨询时间' },
    page: 'pages/chat/detail?customerId={customerId}',
  },
  hq_ticket_update: {
    title: '工单进度通知',
    setting: 'ticketUpdates',
    templateId: '3N-HnTluIov6wgc7ws7_FqsFAQlA_4GhAFE40msiyLM',
    envVar: 'PD_TEMPLATE_TICKET_UPDATE',
    fields: { character_string1: '工单号', phrase2: '工单状态', thing3: '处理说明', time4: '更新时间' },
    page: 'pages/ticket/detail?id={ticketId}',
  },
  bounce_warning: {
    title: '咨询即将退回提醒',
    setting: 'chatMessages',
    templateId: 'tQCOslQ7MczEqpS1vMzwXDq4XKToVzOyMljpsmkB-zM',
    envVar: 'PD_TEMPLATE_BOUNCE_WARNING',
    fields: { thing1: '客户名称', time2: '退回时间', thing3: '温馨提示' },
    page: 'pages/chat/detail?customerId={customerId}',
  },
};
