import { PagePlaceholder } from '../../components/page-placeholder';

export default function ChatDetailPage() {
  return <PagePlaceholder title='咨询详情' description='与客户的对话记录，可升级为工单' />;
}
