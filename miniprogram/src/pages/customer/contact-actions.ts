import Taro from '@tarojs/taro';
import { toast } from '../../components/feedback';

/**
 * 联系客户 with the clear number: WeChat's action sheet offers a call (Taro.makePhoneCall) or a copy
 * (Taro.setClipboardData, which shows WeChat's own 内容已复制). Cancelling the sheet is not an error.
 */
export async function contactByPhone(phone: string): Promise<'call' | 'copy' | null> {
  if (!phone) {
    toast('该客户未留联系电话');
    return null;
  }
  let tapIndex: number;
  try {
    ({ tapIndex } = await Taro.showActionSheet({ itemList: [`拨打 ${phone}`, '复制电话号码'] }));
  } catch {
    return null;
  }
  if (tapIndex === 0) {
    await Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
    return 'call';
  }
  await Taro.setClipboardData({ data: phone }).catch(() => toast('复制失败，请长按号码手动复制'));
  return 'copy';
}
