import { PagePlaceholder } from '../../components/page-placeholder';

export default function WorkbenchPage() {
  return <PagePlaceholder title='工作台' description='服务商信息、待处理工单、未读消息与数据概览' />;
}
