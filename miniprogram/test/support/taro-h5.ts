/**
 * `@tarojs/taro` as the H5 build hands it to pages: @tarojs/taro-h5 with the React hooks added, which is
 * what @tarojs/plugin-framework-react's api-loader does at build time.
 */
import taro from '@tarojs/taro-h5';
import * as reactHooks from '@tarojs/plugin-framework-react/dist/runtime';

Object.assign(taro, reactHooks);

export * from '@tarojs/taro-h5';
export * from '@tarojs/plugin-framework-react/dist/runtime';
export default taro;
