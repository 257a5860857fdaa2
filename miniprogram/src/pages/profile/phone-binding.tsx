import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useStore } from 'jotai';
import { toast, toastSuccess } from '../../components/feedback';
import { Button, Cell } from '../../components/nutui';
import { StatusTag } from '../../components/status-tag';
import { asClientError } from '../../services/cloud';
import { isWeapp } from '../../services/platform';
import { bindPhoneNumber } from '../../state/profile';
import { CellLink } from './cell-link';

interface PhoneBindingProps {
  phone: string | null;
  /** Bound through WeChat (not typed in by hand). */
  phoneBound: boolean;
  isLast?: boolean;
}

/** What WeChat's getPhoneNumber button hands back: a one-time code, or why there is none. */
interface PhoneNumberEvent {
  detail: { code?: string; errMsg?: string };
}

/**
 * 绑定手机: in WeChat, the number WeChat vouches for (`<Button openType="getPhoneNumber">` gives a one-time
 * code that profile.bindPhone exchanges through cloud.openapi). A browser has no WeChat to ask, so there the
 * cell says where binding happens.
 */
export function PhoneBinding({ phone, phoneBound, isLast = false }: PhoneBindingProps) {
  const store = useStore();
  const [binding, setBinding] = useState(false);

  if (!isWeapp()) {
    const explain = () =>
      void Taro.showModal({
        title: '绑定手机',
        content: '手机号由微信授权绑定：请在微信中打开「服务商工作台」小程序，在「我的 - 绑定手机」中完成绑定。',
        showCancel: false,
        confirmText: '知道了',
      }).catch(() => undefined);
    return <CellLink title='绑定手机' value={phoneBound && phone ? `${phone}（已绑定）` : (phone ?? '未绑定')} onClick={explain} isLast={isLast} />;
  }

  async function onPhoneNumber(event: PhoneNumberEvent) {
    const code = event.detail.code;
    // No code: the user declined, or WeChat could not give one (an account without a phone).
    if (!code) return toast(/deny|cancel/i.test(event.detail.errMsg ?? '') ? '已取消授权' : '未能获取手机号，请稍后重试');
    setBinding(true);
    try {
      await bindPhoneNumber(store, code);
      toastSuccess('手机已绑定');
    } catch (err) {
      toast(asClientError(err).message);
    } finally {
      setBinding(false);
    }
  }

  return (
    <Cell
      title='绑定手机'
      isLast={isLast}
      align='center'
      extra={
        <View className='phone-binding'>
          <Text className='phone-binding__value'>{phone ?? '未绑定'}</Text>
          {phoneBound ? <StatusTag tone='success' text='已绑定' /> : null}
          <Button size='small' type='primary' fill='outline' openType='getPhoneNumber' loading={binding} onGetPhoneNumber={(e: PhoneNumberEvent) => void onPhoneNumber(e)}>
            {phoneBound ? '更换' : '绑定'}
          </Button>
        </View>
      }
    />
  );
}
