import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button, TextArea } from '../../components/nutui';

export interface ComposerProps {
  /** Hands the text over (to the outbox); the field is cleared at once: what was typed is kept there, not here. */
  onSend(text: string): void;
  disabled?: boolean;
}

/** The reply field and 发送 at the bottom of the chat. */
export function Composer({ onSend, disabled = false }: ComposerProps) {
  const [text, setText] = useState('');
  const trimmed = text.trim();
  const send = () => {
    if (!trimmed || disabled) return;
    onSend(trimmed);
    setText('');
  };
  return (
    <View className='chat-composer'>
      <TextArea className='chat-composer__input' value={text} placeholder='输入回复内容' maxLength={2000} autoSize rows={1} onChange={(value) => setText(value ?? '')} />
      <Button className='chat-composer__send' type='primary' size='small' disabled={!trimmed || disabled} onClick={send}>
        发送
      </Button>
    </View>
  );
}
