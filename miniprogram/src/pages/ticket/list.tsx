import { PagePlaceholder } from '../../components/page-placeholder';

export default function TicketListPage() {
  return <PagePlaceholder title='工单列表' description='搜索与筛选待处理、处理中、已解决的工单' />;
}
