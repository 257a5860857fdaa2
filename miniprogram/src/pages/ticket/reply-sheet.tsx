import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ImagePicker, useImagePicker } from '../../components/image-picker';
import { Button, TextArea } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { readReplyDraft, writeReplyDraft } from './reply-draft';

export const REPLY_MAX_LENGTH = 2000;

/**
 * 回复 with text and screenshots. What is typed and uploaded is kept as the ticket's draft until 发送, which
 * hands it to the page (the outbox takes it from there, so a failing network loses nothing either).
 */
export function ReplySheet({ ticketId, visible, onClose, onSend }: { ticketId: string; visible: boolean; onClose(): void; onSend(reply: { content: string; images: string[] }): void }) {
  const [initial] = useState(() => readReplyDraft(ticketId));
  const [content, setContent] = useState(initial.content);
  const picker = useImagePicker({ initialFileIDs: initial.images });
  const fileIDs = picker.fileIDs.join('\n');

  useEffect(() => writeReplyDraft(ticketId, { content, images: picker.fileIDs }), [ticketId, content, fileIDs]); // eslint-disable-line react-hooks/exhaustive-deps

  const text = content.trim();
  const problem = !picker.ready ? (picker.uploading > 0 ? '图片上传中，请稍候' : '有图片上传失败，请重试或删除') : text === '' ? '请输入回复内容' : null;

  function send() {
    if (problem) return;
    onSend({ content: text, images: picker.fileIDs });
    setContent('');
    picker.clear();
  }

  return (
    <Sheet visible={visible} title='回复工单' onClose={onClose} className='ticket-sheet'>
      <View className='ticket-sheet__field'>
        <TextArea className='ticket-sheet__textarea' placeholder='输入回复内容，客户问题的处理进展、解决办法等' value={content} onChange={setContent} maxLength={REPLY_MAX_LENGTH} showCount autoSize />
      </View>
      <Text className='ticket-sheet__label'>截图（可选）</Text>
      <ImagePicker picker={picker} />
      <Button type='primary' block disabled={problem !== null} onClick={send}>
        发送回复
      </Button>
      {problem ? <Text className='ticket-sheet__hint'>{problem}</Text> : null}
    </Sheet>
  );
}
