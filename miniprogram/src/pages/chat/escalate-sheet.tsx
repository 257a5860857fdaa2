import { useState } from 'react';
import { Text, Textarea } from '@tarojs/components';
import { useStore } from 'jotai';
import { confirm, toastSuccess } from '../../components/feedback';
import { FieldSet, FormField } from '../../components/form-field';
import { Button } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { escalateConversation } from '../../services/chat';
import { asClientError } from '../../services/cloud';
import { SUBSCRIBE_AT, subscribeOnTap } from '../../state/subscriptions';

export interface EscalateSheetProps {
  visible: boolean;
  customerId: string;
  customerName: string;
  onClose(): void;
  /** The new ticket (chat.escalate's answer), or the one already open for this chat (its refusal names it). */
  onEscalated(ticketId: string): void;
}

interface Errors {
  content?: string;
  reason?: string;
  form?: string;
  /** The ticket already open for this chat (FAILED_PRECONDITION's details), to go to instead. */
  existingTicketId?: string;
}

/**
 * 升级为工单 (seed §5.3.5): what the problem is (the ticket's content; the customer's latest messages are
 * quoted below it by the function) and why it goes up, confirmed; the answer leads to the new ticket.
 */
export function EscalateSheet({ visible, customerId, customerName, onClose, onEscalated }: EscalateSheetProps) {
  const store = useStore();
  const [content, setContent] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  const close = () => {
    setErrors({});
    onClose();
  };

  async function submit() {
    void subscribeOnTap(store, SUBSCRIBE_AT.ticketReplyOrEscalate);
    const found: Errors = {};
    if (!content.trim()) found.content = '请概括客户的问题';
    if (!reason.trim()) found.reason = '请填写升级原因';
    setErrors(found);
    if (found.content || found.reason) return;
    const confirmed = await confirm({ title: '升级为工单？', content: `将为「${customerName}」创建已升级工单并通知总部，退回倒计时随即停止。`, confirmText: '升级' });
    if (!confirmed) return;
    setSaving(true);
    try {
      const { ticketId } = await escalateConversation(customerId, content.trim(), reason.trim());
      toastSuccess('已升级为工单');
      setContent('');
      setReason('');
      setErrors({});
      onEscalated(ticketId);
    } catch (err) {
      const error = asClientError(err);
      const details = error.details as { ticketId?: unknown } | undefined;
      const existingTicketId = typeof details?.ticketId === 'string' ? details.ticketId : undefined;
      if (error.code === 'INVALID_ARGUMENT') setErrors({ form: error.message });
      else setErrors({ form: error.message, existingTicketId });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet visible={visible} title='升级为工单' onClose={close} className='escalate-sheet'>
      <Text className='escalate-sheet__intro'>工单将附上客户最近的消息，由总部跟进处理；处理进度会同步到工单和消息中心。</Text>
      <FieldSet error={errors.form}>
        <FormField label='问题描述' error={errors.content}>
          <Textarea className='escalate-sheet__field escalate-sheet__content' placeholder='概括客户的问题' value={content} onInput={(e) => setContent(e.detail.value)} maxlength={2000} />
        </FormField>
        <FormField label='升级原因' error={errors.reason}>
          <Textarea className='escalate-sheet__field escalate-sheet__reason' placeholder='如：需总部技术支持' value={reason} onInput={(e) => setReason(e.detail.value)} maxlength={500} />
        </FormField>
      </FieldSet>
      {errors.existingTicketId ? (
        <Button className='escalate-sheet__existing' fill='outline' type='primary' block onClick={() => onEscalated(errors.existingTicketId!)}>
          查看已有工单
        </Button>
      ) : null}
      <Button className='escalate-sheet__submit' type='primary' block loading={saving} onClick={() => void submit()}>
        确认升级
      </Button>
    </Sheet>
  );
}
