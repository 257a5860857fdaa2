import { PagePlaceholder } from '../../components/page-placeholder';

export default function MessagePage() {
  return <PagePlaceholder title='消息中心' description='系统通知、客户提醒与工单更新' />;
}
