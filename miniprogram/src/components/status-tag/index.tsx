import { LABELS, type CustomerStatus, type EscalationStatus, type MessageType, type TicketPriority, type TicketStatus } from '../../services/labels';
import { Tag } from '../nutui';
import './index.css';

export type Tone = 'success' | 'warning' | 'danger' | 'primary' | 'neutral';

/** Text colour and tint of each tone: WeChat's green, orange and red, the brand blue, grey. */
const TONES: Record<Tone, { color: string; background: string }> = {
  success: { color: '#07a35a', background: '#e8f8ef' },
  warning: { color: '#e37318', background: '#fff3e6' },
  danger: { color: '#e34d59', background: '#fdecee' },
  primary: { color: '#2b6cf6', background: '#ebf1fe' },
  neutral: { color: '#6b7280', background: '#f0f1f3' },
};

export function StatusTag({ tone, text }: { tone: Tone; text: string }) {
  const { color, background } = TONES[tone];
  return (
    <Tag className='status-tag' color={color} background={background}>
      {text}
    </Tag>
  );
}

const CUSTOMER_TONES: Record<CustomerStatus, Tone> = { active: 'success', expiring: 'warning', expired: 'neutral' };
/** 活跃 / 即将到期 / 已过期. */
export const CustomerStatusTag = ({ status }: { status: CustomerStatus }) => <StatusTag tone={CUSTOMER_TONES[status]} text={LABELS.customerStatus[status]} />;

const TICKET_TONES: Record<TicketStatus, Tone> = { open: 'warning', processing: 'primary', resolved: 'success' };
/** 待处理 / 处理中 / 已解决. */
export const TicketStatusTag = ({ status }: { status: TicketStatus }) => <StatusTag tone={TICKET_TONES[status]} text={LABELS.ticketStatus[status]} />;

/** 已升级 (nothing for a ticket that was not escalated). */
export const EscalatedTag = ({ status }: { status: EscalationStatus }) => (status === 'escalated' ? <StatusTag tone='danger' text={LABELS.escalationStatus.escalated} /> : null);

const PRIORITY_TONES: Record<TicketPriority, Tone> = { urgent: 'danger', high: 'warning', normal: 'neutral', low: 'neutral' };
/** 紧急 / 高 stand out; 普通 and 低 are shown only when asked (`always`). */
export function PriorityTag({ priority, always = false }: { priority: TicketPriority; always?: boolean }) {
  if (!always && (priority === 'normal' || priority === 'low')) return null;
  return <StatusTag tone={PRIORITY_TONES[priority]} text={`${LABELS.ticketPriority[priority]}优先级`} />;
}

const MESSAGE_TONES: Record<MessageType, Tone> = { system_notification: 'neutral', customer_alert: 'warning', ticket_update: 'primary' };
/** 系统通知 / 客户提醒 / 工单更新. */
export const MessageTypeTag = ({ type }: { type: MessageType }) => <StatusTag tone={MESSAGE_TONES[type]} text={LABELS.messageType[type]} />;
