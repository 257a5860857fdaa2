import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useStore } from 'jotai';
import { confirm, toastSuccess } from '../../components/feedback';
import { FieldSet, FormField } from '../../components/form-field';
import { Button, TextArea } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { EmptyState } from '../../components/state-view';
import { asClientError } from '../../services/cloud';
import type { CustomerTicketItem } from '../../services/customers';
import { escalateTicket } from '../../services/tickets';
import { subscribeOnTap, SUBSCRIBE_AT } from '../../state/subscriptions';
import { ChoiceChips } from './choice-chips';

/** The contract's bound on a reason (tickets.escalate). */
export const REASON_MAX = 500;

export interface EscalateSheetProps {
  visible: boolean;
  /** The customer's current unresolved issues (customers.detail's openTickets). */
  openTickets: readonly CustomerTicketItem[];
  /** How many are unresolved in all (the detail lists the newest five). */
  unresolvedTotal: number;
  onClose(): void;
  /** Escalated (or refused because the ticket changed meanwhile): the page refetches. */
  onChanged(): void;
  onCreateTicket(): void;
}

/**
 * 问题升级 (seed §5.3.5): pick one of the customer's unresolved issues not yet escalated, give the reason,
 * confirm; tickets.escalate hands it to HQ. A refusal (already escalated or resolved meanwhile) is shown in
 * the function's words and the page refetches so the list is current.
 */
export function EscalateSheet({ visible, openTickets, unresolvedTotal, onClose, onChanged, onCreateTicket }: EscalateSheetProps) {
  const store = useStore();
  const candidates = openTickets.filter((t) => t.escalationStatus !== 'escalated');
  const [ticketId, setTicketId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ ticket?: string; reason?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  // The first candidate is chosen when the sheet opens (and when the one chosen is no longer a candidate).
  useEffect(() => {
    if (visible && !candidates.some((t) => t.id === ticketId)) setTicketId(candidates[0]?.id ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, openTickets]);

  async function submit() {
    void subscribeOnTap(store, SUBSCRIBE_AT.ticketReplyOrEscalate);
    const chosen = candidates.find((t) => t.id === ticketId);
    const found: typeof errors = {};
    if (!chosen) found.ticket = '请选择要升级的问题';
    if (!reason.trim()) found.reason = '请填写升级原因';
    setErrors(found);
    if (!chosen || found.reason) return;
    const confirmed = await confirm({ title: '升级到总部？', content: `工单 ${chosen.ticketNo} 将升级到总部处理，升级后不能撤回`, confirmText: '确认升级' });
    if (!confirmed) return;
    setSaving(true);
    try {
      await escalateTicket(chosen.id, reason.trim());
      toastSuccess('已升级');
      setReason('');
      onChanged();
      onClose();
    } catch (err) {
      const error = asClientError(err);
      setErrors({ form: error.message });
      if (error.code === 'FAILED_PRECONDITION' || error.code === 'NOT_FOUND') onChanged();
    } finally {
      setSaving(false);
    }
  }

  const hidden = unresolvedTotal - openTickets.length;
  return (
    <Sheet visible={visible} title='问题升级' onClose={onClose} className='escalate-sheet'>
      {candidates.length === 0 ? (
        <EmptyState
          compact
          title={openTickets.length > 0 ? '当前问题都已升级' : '当前没有未解决的问题'}
          description={openTickets.length > 0 ? '总部处理后会在工单更新中通知你' : '要反映新问题，请先创建工单'}
          action={
            <Button size='small' type='primary' fill='outline' onClick={onCreateTicket}>
              创建工单
            </Button>
          }
        />
      ) : (
        <>
          <FieldSet error={errors.form}>
            <FormField label='升级的问题' error={errors.ticket}>
              <ChoiceChips label='升级的问题' choices={candidates.map((t) => ({ key: t.id, label: `${t.ticketNo} ${t.title}` }))} value={ticketId} onChange={setTicketId} />
            </FormField>
            <FormField label='升级原因' error={errors.reason}>
              <TextArea className='escalate-sheet__textarea' placeholder='为什么需要总部处理' value={reason} maxLength={REASON_MAX} showCount onChange={setReason} />
            </FormField>
          </FieldSet>
          {hidden > 0 ? <Text className='escalate-sheet__note'>{`这里列出最近的 ${openTickets.length} 个问题，其余 ${hidden} 个可在工单列表中升级`}</Text> : null}
          <Button type='danger' block loading={saving} onClick={() => void submit()}>
            升级到总部
          </Button>
        </>
      )}
    </Sheet>
  );
}
