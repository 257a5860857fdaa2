import { Text, View } from '@tarojs/components';
import type { TicketDetail, TicketMutation } from '../../services/tickets';

const ACTIONS: readonly { action: TicketMutation; label: string; primary?: boolean }[] = [
  { action: 'escalate', label: '问题升级' },
  { action: 'resolve', label: '标记为已解决' },
  { action: 'reply', label: '回复', primary: true },
];

/**
 * The bar at the bottom of 工单详情. An action the ticket's state does not allow is drawn greyed but still
 * answers a tap, with the reason (the page shows it), rather than doing nothing.
 */
export function TicketActions({ ticket, busy, onAction }: { ticket: TicketDetail; busy: TicketMutation | null; onAction(action: TicketMutation): void }) {
  return (
    <View className='ticket-actions'>
      {ACTIONS.map(({ action, label, primary }) => {
        const allowed = ticket.allowedActions.includes(action);
        return (
          <View
            key={action}
            className={`ticket-actions__button${primary ? ' ticket-actions__button--primary' : ''}${allowed ? '' : ' ticket-actions__button--off'}`}
            aria-disabled={!allowed}
            onClick={() => {
              if (busy === null) onAction(action);
            }}
          >
            <Text>{busy === action ? '处理中…' : label}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** A refused action's reason, in place above the bar, until dismissed or the next action. */
export function TicketNotice({ text, onClose }: { text: string | null; onClose(): void }) {
  if (!text) return null;
  return (
    <View className='ticket-notice' role='alert'>
      <Text className='ticket-notice__text'>{text}</Text>
      <Text className='ticket-notice__close' onClick={onClose}>
        知道了
      </Text>
    </View>
  );
}
