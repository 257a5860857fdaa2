import { Text, View } from '@tarojs/components';
import { ImageGrid } from '../../components/image-grid';
import { Section } from '../../components/section';
import type { Tone } from '../../components/status-tag';
import { Timeline, type TimelineItem } from '../../components/timeline';
import { LABELS } from '../../services/labels';
import type { ProcessingStepView, TicketDetail } from '../../services/tickets';
import { formatDateTime } from '../../utils/format';

const STEP_TONES: Partial<Record<ProcessingStepView['action'], Tone>> = { resolve: 'success', escalate: 'danger', hq_update: 'primary', process: 'primary', reopen: 'warning' };

/** A reply written here that the cloud has not taken yet (the outbox's item), shown on top of the record. */
export interface LocalReply {
  key: string;
  content: string;
  images: string[];
  writtenAt: string;
  /** pending: waiting for the network or being sent; failed: refused, with the reason. */
  status: 'pending' | 'failed';
  /** Being sent right now. */
  sending: boolean;
  error?: string;
  onRetry(): void;
  onDiscard(): void;
}

function stepItem(step: ProcessingStepView): TimelineItem {
  return {
    key: step.id,
    title: `${LABELS.ticketStepAction[step.action]} · ${step.operatorName}`,
    time: formatDateTime(step.timestamp),
    content: step.content,
    tone: STEP_TONES[step.action],
    extra: step.images?.length ? <ImageGrid images={step.images} /> : undefined,
  };
}

function localItem(reply: LocalReply, you: string): TimelineItem {
  const failed = reply.status === 'failed';
  return {
    key: reply.key,
    title: `${LABELS.ticketStepAction.reply} · ${you}`,
    time: formatDateTime(reply.writtenAt),
    content: reply.content,
    tone: failed ? 'danger' : 'warning',
    extra: (
      <View className={`ticket-local-reply ticket-local-reply--${reply.status}`}>
        {reply.images.length > 0 ? <Text className='ticket-local-reply__images'>{`附图 ${reply.images.length} 张`}</Text> : null}
        {failed ? (
          <>
            <Text className='ticket-local-reply__status'>{`发送失败：${reply.error ?? ''}`}</Text>
            <View className='ticket-local-reply__actions'>
              <Text className='ticket-local-reply__action' onClick={reply.onRetry}>
                重试
              </Text>
              <Text className='ticket-local-reply__action ticket-local-reply__action--muted' onClick={reply.onDiscard}>
                删除
              </Text>
            </View>
          </>
        ) : (
          <Text className='ticket-local-reply__status'>{reply.sending ? '发送中…' : '待发送 · 网络恢复后自动发送'}</Text>
        )}
      </View>
    ),
  };
}

/** 处理记录: newest first, with replies still waiting to be sent above them. */
export function TicketTimeline({ ticket, localReplies, you }: { ticket: TicketDetail; localReplies: readonly LocalReply[]; you: string }) {
  const items = [...[...localReplies].reverse().map((reply) => localItem(reply, you)), ...[...ticket.processingHistory].reverse().map(stepItem)];
  return (
    <Section title='处理记录' extra={`${ticket.processingHistory.length} 条`} className='ticket-timeline'>
      <Timeline items={items} />
    </Section>
  );
}
