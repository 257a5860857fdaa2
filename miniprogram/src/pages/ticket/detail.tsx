import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { confirm, toast, toastSuccess } from '../../components/feedback';
import { Button } from '../../components/nutui';
import { PageShell } from '../../components/page-shell';
import { EmptyState } from '../../components/state-view';
import { asClientError } from '../../services/cloud';
import { ROUTES, switchTab } from '../../services/routes';
import { escalateTicket, fetchTicket, resolveTicket, ticketRefusalOf, type TicketDetail, type TicketMutation } from '../../services/tickets';
import { useRemoteData } from '../../state/remote-data';
import { sessionAtom } from '../../state/session';
import { SUBSCRIBE_AT, subscribeOnTap } from '../../state/subscriptions';
import { EscalateSheet } from './escalate-sheet';
import { clearReplyDraft } from './reply-draft';
import { ReplySheet } from './reply-sheet';
import { TicketActions, TicketNotice } from './ticket-actions';
import { TicketContent, TicketSummary } from './ticket-summary';
import { TicketTimeline } from './ticket-timeline';
import { useTicketReplies } from './use-ticket-replies';
import './detail.css';

/**
 * 工单详情 (seed §1.2.6): number, title, tags and facts; the description with its screenshots; the processing
 * record (replies waiting to be sent on top); and 回复 (text + screenshots), 标记为已解决 and 问题升级 (with a
 * reason), each confirmed. What the ticket's state refuses is explained in the functions' own words, both
 * before sending (a greyed button) and when the cloud refuses (the state changed meanwhile). One
 * tickets.detail draws the page; it refetches itself when the tickets change (HQ's update, a colleague).
 */
export default function TicketDetailPage() {
  const id = useRouter().params.id ?? '';
  const store = useStore();
  const you = useAtomValue(sessionAtom)?.user.name ?? '我';
  const detail = useRemoteData(() => fetchTicket(id).then((answer) => answer.ticket), [id], { topics: ['tickets'], enabled: id !== '' });
  usePullDownRefresh(() => void detail.reload().finally(() => Taro.stopPullDownRefresh()));

  const [sheet, setSheet] = useState<'reply' | 'escalate' | null>(null);
  const [busy, setBusy] = useState<TicketMutation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [escalateError, setEscalateError] = useState<string | null>(null);
  const replies = useTicketReplies(id, detail.reload);

  /** A refusal from the cloud: the ticket changed under us, so say why in place and show it as it is now. */
  function refused(message: string) {
    setNotice(message);
    void detail.reload();
  }

  async function resolve(ticket: TicketDetail) {
    const ok = await confirm({ title: '标记为已解决？', content: `工单 ${ticket.ticketNo} 将变为已解决，之后不能再回复或升级`, confirmText: '确认解决' });
    if (!ok) return;
    setBusy('resolve');
    try {
      await resolveTicket(ticket.id);
      toastSuccess('已标记解决');
      await detail.reload();
    } catch (err) {
      const error = asClientError(err);
      if (error.kind === 'network') toast(error.message);
      else refused(error.message);
    } finally {
      setBusy(null);
    }
  }

  async function escalate(ticket: TicketDetail, reason: string) {
    // WeChat shows the subscribe dialog only straight from a tap: first, before any await.
    void subscribeOnTap(store, SUBSCRIBE_AT.ticketReplyOrEscalate);
    const ok = await confirm({ title: '确认升级到总部？', content: `升级原因：${reason}`, confirmText: '确认升级' });
    if (!ok) return;
    setBusy('escalate');
    setEscalateError(null);
    try {
      await escalateTicket(ticket.id, reason);
      setSheet(null);
      toastSuccess('已升级');
      await detail.reload();
    } catch (err) {
      const error = asClientError(err);
      if (error.code === 'FAILED_PRECONDITION' || error.code === 'NOT_FOUND') {
        setSheet(null);
        refused(error.message);
      } else setEscalateError(error.message);
    } finally {
      setBusy(null);
    }
  }

  function act(ticket: TicketDetail, action: TicketMutation) {
    const refusal = ticketRefusalOf(ticket, action);
    if (refusal) return setNotice(refusal);
    setNotice(null);
    if (action === 'resolve') void resolve(ticket);
    else {
      setEscalateError(null);
      setSheet(action);
    }
  }

  function sendReply(reply: { content: string; images: string[] }) {
    void subscribeOnTap(store, SUBSCRIBE_AT.ticketReplyOrEscalate);
    replies.send(reply.content, reply.images);
    clearReplyDraft(id);
    setSheet(null);
  }

  const ticket = detail.data;
  if (id === '')
    return (
      <PageShell status='ready' className='ticket-detail'>
        <EmptyState title='没有指定工单' description='请从工单列表打开工单' action={<Button size='small' onClick={() => void switchTab(ROUTES.ticketList)}>查看工单列表</Button>} />
      </PageShell>
    );
  return (
    <PageShell status={detail.status} error={detail.error} onRetry={() => void detail.reload()} retrying={detail.refreshing} skeleton='cards' className='ticket-detail'>
      {ticket ? (
        <>
          <TicketSummary ticket={ticket} />
          <TicketContent ticket={ticket} />
          <TicketTimeline ticket={ticket} localReplies={replies.local} you={you} />
          <View className='ticket-detail__bottom'>
            <TicketNotice text={notice} onClose={() => setNotice(null)} />
            <TicketActions ticket={ticket} busy={busy} onAction={(action) => act(ticket, action)} />
          </View>
          <ReplySheet ticketId={ticket.id} visible={sheet === 'reply'} onClose={() => setSheet(null)} onSend={sendReply} />
          <EscalateSheet visible={sheet === 'escalate'} busy={busy === 'escalate'} error={escalateError} onClose={() => setSheet(null)} onSubmit={(reason) => void escalate(ticket, reason)} />
        </>
      ) : null}
    </PageShell>
  );
}
