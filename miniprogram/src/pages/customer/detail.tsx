import { PagePlaceholder } from '../../components/page-placeholder';

export default function CustomerDetailPage() {
  return <PagePlaceholder title='客户详情' description='客户信息、软件授权、历史工单与使用深度评分' />;
}
