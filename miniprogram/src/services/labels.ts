/**
 * The contract's Chinese labels for enums. Imported from the contract's enums module itself, which has no
 * dependency: the package index would bring zod and every schema into the app bundle for a few strings.
 */
export { LABELS } from '@partner-desk/contract/src/enums';
export type { CustomerStatus, MessageType, TicketStatus, TicketType, TicketPriority, EscalationStatus, UserRole, NotificationSettingKey } from '@partner-desk/contract/src/enums';
