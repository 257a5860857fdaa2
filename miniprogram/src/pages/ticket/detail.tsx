import { PagePlaceholder } from '../../components/page-placeholder';

export default function TicketDetailPage() {
  return <PagePlaceholder title='工单详情' description='工单内容、处理记录、回复与问题升级' />;
}
