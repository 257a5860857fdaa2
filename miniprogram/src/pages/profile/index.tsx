import { PagePlaceholder } from '../../components/page-placeholder';

export default function ProfilePage() {
  return <PagePlaceholder title='我的' description='账号与服务商信息、通知设置、退出登录' />;
}
