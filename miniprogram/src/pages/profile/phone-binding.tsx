import Taro from '@tarojs/taro';
import { CellLink } from './cell-link';

/**
 * 绑定手机: the number WeChat vouches for (getPhoneNumber). In a browser there is no WeChat to ask, so the
 * cell says where binding happens.
 */
export function PhoneBinding({ phone, isLast = false }: { phone: string | null; isLast?: boolean }) {
  const explain = () =>
    void Taro.showModal({
      title: '绑定手机',
      content: '手机号由微信授权绑定：请在微信中打开「服务商工作台」小程序，在「我的 - 绑定手机」中完成绑定。',
      showCancel: false,
      confirmText: '知道了',
    }).catch(() => undefined);
  return <CellLink title='绑定手机' value={phone ?? '未绑定'} onClick={explain} isLast={isLast} />;
}
