import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { Provider } from 'jotai';
import { configureCloudFromPage } from './services/cloud-config';
import { startAppRuntime } from './state/app-runtime';
import { startOutbox } from './state/outbox';
import { appStore } from './state/store';
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.css';

// H5 served by `npm start` learns the emulator it talks to from the page (see services/cloud-config.ts).
configureCloudFromPage();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // The weapp transport of @partner-desk/cloud-client calls wx.cloud, which needs init() once per launch.
    // (H5 reaches CloudBase through @cloudbase/js-sdk, set up by the client itself.)
    if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ env: process.env.TCB_ENV_ID, traceUser: true });
    // The launch check (auth.wxLogin), the sign-in guard, live updates and badges, for the app's whole life.
    startAppRuntime(appStore);
    // Replies kept from before (offline, or the app closed) go out now and whenever the network returns.
    startOutbox(appStore);
  });
  return <Provider store={appStore}>{children}</Provider>;
}

export default App;
