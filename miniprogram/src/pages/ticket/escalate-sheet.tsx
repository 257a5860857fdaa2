import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { FieldSet } from '../../components/form-field';
import { Button, TextArea } from '../../components/nutui';
import { Sheet } from '../../components/sheet';

export const ESCALATION_REASON_MAX = 500;

/** 问题升级: why HQ must step in (required, as tickets.escalate wants it), then the page confirms and sends. */
export function EscalateSheet({ visible, busy, error, onClose, onSubmit }: { visible: boolean; busy: boolean; error: string | null; onClose(): void; onSubmit(reason: string): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  function submit() {
    const text = reason.trim();
    setMissing(text === '');
    if (text) onSubmit(text);
  }

  return (
    <Sheet visible={visible} title='问题升级' onClose={onClose} className='ticket-sheet'>
      <Text className='ticket-sheet__note'>升级后总部将介入处理，处理进展会通过「工单更新」通知你</Text>
      <FieldSet error={error}>
        <View className='ticket-sheet__field'>
          <TextArea className='ticket-sheet__textarea' placeholder='请说明升级原因，例如需要总部研发排查' value={reason} onChange={setReason} maxLength={ESCALATION_REASON_MAX} showCount autoSize />
        </View>
      </FieldSet>
      {missing ? <Text className='ticket-sheet__hint'>请填写升级原因</Text> : null}
      <Button type='primary' block loading={busy} onClick={submit}>
        提交升级
      </Button>
    </Sheet>
  );
}
