import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { ImagePicker, useImagePicker } from '../../components/image-picker';
import { Button } from '../../components/nutui';

export interface ComposedReply {
  text: string;
  /** fileIDs of the images uploaded for this reply. */
  images: string[];
}

export interface ComposerProps {
  /** Hands the reply over (to the outbox); the field is cleared at once: what was typed is kept there, not here. */
  onSend(reply: ComposedReply): void;
}

/**
 * The reply at the bottom of the chat: text, images (图片 opens the picker: uploaded as they are chosen, sent
 * once every upload is done) and 发送.
 */
export function Composer({ onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const [picking, setPicking] = useState(false);
  const picker = useImagePicker();
  const trimmed = text.trim();
  const canSend = (trimmed !== '' || picker.fileIDs.length > 0) && picker.ready;

  const send = () => {
    if (!canSend) return;
    onSend({ text: trimmed, images: picker.fileIDs });
    setText('');
    picker.clear();
    setPicking(false);
  };

  return (
    <View className='chat-composer'>
      {picking || picker.images.length > 0 ? (
        <View className='chat-composer__images'>
          <ImagePicker picker={picker} />
        </View>
      ) : null}
      <View className='chat-composer__row'>
        <View className={`chat-composer__image-toggle${picking ? ' chat-composer__image-toggle--on' : ''}`} onClick={() => setPicking((on) => !on || picker.images.length > 0)}>
          <Text>图片</Text>
        </View>
        {/* WeChat's own textarea (no NutUI code in the main package for it). */}
        <Textarea className='chat-composer__input' value={text} placeholder='输入回复内容' maxlength={2000} autoHeight showConfirmBar={false} onInput={(e) => setText(e.detail.value)} />
        <Button className='chat-composer__send' type='primary' size='small' disabled={!canSend} onClick={send}>
          发送
        </Button>
      </View>
    </View>
  );
}
