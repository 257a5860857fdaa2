import { useState } from 'react';
import { View } from '@tarojs/components';
import { FieldSet, FormField } from '../../components/form-field';
import { ImagePicker, useImagePicker } from '../../components/image-picker';
import { toastSuccess } from '../../components/feedback';
import { Button, Input, TextArea } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { asClientError } from '../../services/cloud';
import { createTicket } from '../../services/tickets';
import { ChoiceChips } from './choice-chips';
import { checkNewTicket, CONTENT_MAX, EMPTY_DRAFT, PRIORITY_CHOICES, TITLE_MAX, toCreatePayload, TYPE_CHOICES, type NewTicketDraft, type NewTicketErrors } from './new-ticket';

export interface CreateTicketSheetProps {
  visible: boolean;
  customerId: string;
  customerName: string;
  onClose(): void;
  /** After tickets.create answered: the page refetches (the ticket joins the history and the open issues). */
  onCreated(ticket: { ticketId: string; ticketNo: string }): void;
}

/**
 * 创建工单 for this customer (tickets.create): title, type, priority, description and screenshots. Missing
 * fields are named under each; what the function refuses is shown above the form in its own words, and the
 * draft stays so nothing typed is lost.
 */
export function CreateTicketSheet({ visible, customerId, customerName, onClose, onCreated }: CreateTicketSheetProps) {
  const [draft, setDraft] = useState<NewTicketDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<NewTicketErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const picker = useImagePicker();
  const edit = (change: Partial<NewTicketDraft>) => setDraft((d) => ({ ...d, ...change }));

  async function submit() {
    const found = checkNewTicket(draft, picker);
    setErrors(found);
    setRefusal(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const created = await createTicket(toCreatePayload(customerId, { ...draft, images: picker.fileIDs }));
      toastSuccess('工单已创建');
      setDraft(EMPTY_DRAFT);
      picker.clear();
      onCreated(created);
      onClose();
    } catch (err) {
      setRefusal(asClientError(err).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet visible={visible} title='创建工单' onClose={onClose} className='ticket-sheet'>
      <View className='ticket-sheet__scroll'>
        <FieldSet title={`客户：${customerName}`} error={refusal}>
          <FormField label='标题' error={errors.title}>
            <Input name='ticket-title' placeholder='一句话说明问题' value={draft.title} maxLength={TITLE_MAX} onChange={(title) => edit({ title })} />
          </FormField>
          <FormField label='类型' error={errors.type}>
            <ChoiceChips label='工单类型' choices={TYPE_CHOICES} value={draft.type} onChange={(type) => edit({ type })} />
          </FormField>
          <FormField label='优先级'>
            <ChoiceChips label='优先级' choices={PRIORITY_CHOICES} value={draft.priority} onChange={(priority) => edit({ priority })} />
          </FormField>
          <FormField label='问题描述' error={errors.content}>
            <TextArea className='ticket-sheet__textarea' placeholder='客户遇到的问题、出现的时间和影响范围' value={draft.content} maxLength={CONTENT_MAX} showCount onChange={(content) => edit({ content })} />
          </FormField>
          <FormField label='截图' error={errors.images} hint='选填，最多 9 张'>
            <ImagePicker picker={picker} disabled={saving} />
          </FormField>
        </FieldSet>
      </View>
      <Button type='primary' block loading={saving} onClick={() => void submit()}>
        提交工单
      </Button>
    </Sheet>
  );
}
