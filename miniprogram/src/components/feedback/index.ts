import Taro from '@tarojs/taro';

/**
 * The app's dialogs and toasts: WeChat's own (showModal / showToast), which Taro draws alike in H5, so a
 * confirmation looks the same as in every other mini-program.
 */

export interface ConfirmOptions {
  title: string;
  content?: string;
  confirmText?: string;
  cancelText?: string;
  /** The confirm button in WeChat's red, for what cannot be undone (退出登录). */
  danger?: boolean;
}

const DANGER_COLOR = '#fa5151';
const PRIMARY_COLOR = '#2b6cf6';

/** Asks before an action; resolves true when the user confirms (false when cancelled or the dialog failed). */
export async function confirm({ title, content = '', confirmText = '确定', cancelText = '取消', danger = false }: ConfirmOptions): Promise<boolean> {
  try {
    const answer = await Taro.showModal({
      title,
      content,
      confirmText,
      cancelText,
      confirmColor: danger ? DANGER_COLOR : PRIMARY_COLOR,
      cancelColor: '#1f2329',
    });
    return answer.confirm === true;
  } catch {
    return false;
  }
}

/** A short note that goes by itself (text only: WeChat allows two lines without an icon). */
export function toast(title: string, duration = 2000): void {
  Taro.showToast({ title, icon: 'none', duration }).catch(() => undefined);
}

/** A done tick with a short word (WeChat shows at most seven characters beside an icon). */
export function toastSuccess(title: string): void {
  Taro.showToast({ title, icon: 'success', duration: 1500 }).catch(() => undefined);
}
