import { PagePlaceholder } from '../../components/page-placeholder';

export default function CustomerListPage() {
  return <PagePlaceholder title='客户列表' description='搜索与筛选服务商名下的客户' />;
}
