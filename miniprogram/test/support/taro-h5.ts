/**
 * `@tarojs/taro` as the H5 build hands it to pages: @tarojs/taro-h5 with every API and the React hooks on its
 * default export, which is what @tarojs/plugin-framework-react's api-loader and Taro's API transform do at
 * build time.
 *
 * The hooks (useDidShow, usePullDownRefresh …) need the React the app renders with; the H5 runtime hands it
 * over when it creates the app (createReactApp). Pages here render without an app, so it is handed over the
 * same way a native H5 component would (createH5NativeComponentConfig). Lifecycle callbacks then gather on
 * the runtime's app instance ('taro-app'), where test/support/page-events.ts fires them.
 */
import React from 'react';
import ReactDOM from 'react-dom';
import taro from '@tarojs/taro-h5';
import * as h5Apis from '@tarojs/taro-h5';
import * as reactHooks from '@tarojs/plugin-framework-react/dist/runtime';

reactHooks.createH5NativeComponentConfig(null, React, ReactDOM);
// The build rewrites `Taro.getStorageSync(…)` into the named export (babel-plugin-transform-taroapi); the
// default object alone lacks most APIs, so they are put on it here.
const { default: _default, ...apis } = h5Apis as Record<string, unknown>;
Object.assign(taro, apis, reactHooks);

export * from '@tarojs/taro-h5';
export * from '@tarojs/plugin-framework-react/dist/runtime';
export default taro;
