import { useEffect, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { isH5 } from '../../services/platform';
import { currentRoute, TAB_ROUTES } from '../../services/routes';
import { Popup } from '../nutui';
import './index.css';

export interface SheetProps {
  visible: boolean;
  onClose(): void;
  title?: string;
  className?: string;
  children?: ReactNode;
}

/**
 * In WeChat the tab bar is native and a sheet opens above it. Taro's H5 tab bar is part of the document and
 * each page is its own stacking context under it, so no z-index lifts a sheet over it: the tab bar steps
 * aside while a sheet is open on a tab page.
 */
function useTabBarAsideInH5(visible: boolean): void {
  useEffect(() => {
    if (!isH5() || !visible || !(TAB_ROUTES as readonly string[]).includes(currentRoute())) return;
    Taro.hideTabBar({ animation: false }).catch(() => undefined);
    return () => {
      Taro.showTabBar({ animation: false }).catch(() => undefined);
    };
  }, [visible]);
}

/** A bottom sheet (message detail, a short form): NutUI's Popup, clear of the phone's home indicator. */
export function Sheet({ visible, onClose, title, className = '', children }: SheetProps) {
  useTabBarAsideInH5(visible);
  return (
    <Popup visible={visible} position='bottom' round closeable title={title} onClose={onClose} className={`sheet ${className}`}>
      <View className='sheet__body'>{children}</View>
    </Popup>
  );
}
