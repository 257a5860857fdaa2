import { PagePlaceholder } from '../../components/page-placeholder';

export default function ChatListPage() {
  return <PagePlaceholder title='咨询' description='等待本服务商回复的客户咨询' />;
}
