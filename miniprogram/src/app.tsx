import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // The weapp transport of @partner-desk/cloud-client calls wx.cloud, which needs init() once per launch.
    // (H5 reaches CloudBase through @cloudbase/js-sdk, set up by the client itself.)
    if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ env: process.env.TCB_ENV_ID, traceUser: true });
  });
  return children;
}

export default App;
