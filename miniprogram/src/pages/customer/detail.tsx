import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { InfoList } from '../../components/info-list';
import { PageShell } from '../../components/page-shell';
import { Section } from '../../components/section';
import { EmptyState } from '../../components/state-view';
import { CustomerStatusTag } from '../../components/status-tag';
import { toast } from '../../components/feedback';
import { Button } from '../../components/nutui';
import { asClientError } from '../../services/cloud';
import { fetchCustomer, revealContact, type RevealContactResult } from '../../services/customers';
import { openTicket, ROUTES, switchTab } from '../../services/routes';
import { useRemoteData } from '../../state/remote-data';
import { formatDate, formatRelativeTime } from '../../utils/format';
import { ContactCard } from './contact-card';
import { contactByPhone } from './contact-actions';
import { CreateTicketSheet } from './create-ticket-sheet';
import { EscalateSheet } from './escalate-sheet';
import { HistoryTickets } from './history-tickets';
import { daysLeftText } from './licence';
import { TicketRow } from './ticket-row';
import { UsageScoreCard } from './usage-score-card';
import './detail.css';

type SheetName = 'create' | 'escalate' | null;

/**
 * 客户详情 (seed §1.2.4): basic info with the contact masked until 查看, software and licence with days left,
 * the current unresolved issues, the usage-depth score with its components and trend, the history tickets,
 * and the quick actions 创建工单 · 联系客户 · 问题升级. Its first render is one customers.detail; it refetches
 * when the provider's customers or tickets change.
 */
export default function CustomerDetailPage() {
  // Current.router is null before Taro's router has set up a page (tests render pages bare).
  const id = useRouter()?.params?.id ?? '';
  const detail = useRemoteData(() => fetchCustomer(id), [id], { enabled: id !== '', topics: ['customers', 'tickets'] });
  const [contact, setContact] = useState<RevealContactResult | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [sheet, setSheet] = useState<SheetName>(null);

  useEffect(() => setContact(null), [id]);
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const data = detail.data;
  useEffect(() => {
    if (data) void Taro.setNavigationBarTitle({ title: data.customer.name }).catch(() => undefined);
  }, [data?.customer.name]);

  if (!id)
    return (
      <EmptyState
        title='没有指定客户'
        description='请从客户列表进入客户详情'
        action={
          <Button size='small' type='primary' fill='outline' onClick={() => void switchTab(ROUTES.customerList)}>
            返回客户列表
          </Button>
        }
      />
    );

  async function reveal(): Promise<RevealContactResult | null> {
    if (contact) return contact;
    setRevealing(true);
    try {
      const clear = await revealContact(id);
      setContact(clear);
      return clear;
    } catch (err) {
      toast(asClientError(err).message);
      return null;
    } finally {
      setRevealing(false);
    }
  }

  async function contactCustomer() {
    const clear = await reveal();
    if (clear) await contactByPhone(clear.phone);
  }

  return (
    <PageShell status={detail.status} error={detail.error} onRetry={() => void detail.reload()} retrying={detail.refreshing} skeleton='cards' className='customer-detail'>
      {data ? (
        <>
          <View className='customer-detail__hero'>
            <View className='customer-detail__title-row'>
              <Text className='customer-detail__name'>{data.customer.name}</Text>
              <CustomerStatusTag status={data.customer.status} />
            </View>
            <Text className='customer-detail__sub'>{[data.customer.region, data.customer.industry, `客户编号 ${data.customer.externalId}`].filter(Boolean).join(' · ')}</Text>
            <Text className='customer-detail__sub'>
              {data.customer.lastActiveTime ? `最近活跃 ${formatRelativeTime(data.customer.lastActiveTime)}` : '尚无使用记录'}
            </Text>
          </View>

          <Section title='联系方式'>
            <ContactCard customer={data.customer} contact={contact} revealing={revealing} onReveal={() => void reveal()} />
          </Section>

          <Section title='软件与授权'>
            <InfoList
              rows={[
                { label: '软件版本', value: data.licence.softwareVersion },
                { label: '开通端口', value: `${data.licence.portCount} 个` },
                { label: '购买时间', value: formatDate(data.licence.purchaseDate) },
                {
                  label: '到期时间',
                  value: (
                    <View className='customer-detail__expiry'>
                      <Text>{formatDate(data.licence.expiryDate)}</Text>
                      <Text className={`customer-detail__days customer-detail__days--${data.licence.status}`}>{daysLeftText(data.licence.daysLeft)}</Text>
                    </View>
                  ),
                },
              ]}
            />
          </Section>

          <Section title='当前未解决问题' extra={data.customer.unresolvedIssues > 0 ? `共 ${data.customer.unresolvedIssues} 个` : undefined} flush>
            {data.openTickets.length > 0 ? (
              data.openTickets.map((ticket) => <TicketRow key={ticket.id} ticket={ticket} onOpen={() => void openTicket(ticket.id)} />)
            ) : (
              <EmptyState compact title='暂无未解决问题' description='客户反馈新问题时，可以在下方创建工单' />
            )}
          </Section>

          <Section title='使用深度评分' extra='近30天'>
            <UsageScoreCard usage={data.usageScore} />
          </Section>

          <Section title='历史工单' extra={`共 ${data.history.total} 个`} flush>
            <HistoryTickets customerId={id} firstPage={data.history} />
          </Section>

          <View className='customer-detail__spacer' />
          <View className='customer-detail__actions'>
            <Button className='customer-detail__action' onClick={() => void contactCustomer()} loading={revealing}>
              联系客户
            </Button>
            <Button className='customer-detail__action customer-detail__action--escalate' onClick={() => setSheet('escalate')}>
              问题升级
            </Button>
            <Button className='customer-detail__action customer-detail__action--main' type='primary' onClick={() => setSheet('create')}>
              创建工单
            </Button>
          </View>

          <CreateTicketSheet
            visible={sheet === 'create'}
            customerId={id}
            customerName={data.customer.name}
            onClose={() => setSheet(null)}
            onCreated={() => void detail.reload()}
          />
          <EscalateSheet
            visible={sheet === 'escalate'}
            openTickets={data.openTickets}
            unresolvedTotal={data.customer.unresolvedIssues}
            onClose={() => setSheet(null)}
            onChanged={() => void detail.reload()}
            onCreateTicket={() => setSheet('create')}
          />
        </>
      ) : null}
    </PageShell>
  );
}
