/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | string;
    /** CloudBase environment id, fixed at build time (config/index.ts). */
    TCB_ENV_ID?: string;
    /** host:port of the emulator's web endpoint for a demo- env; empty in a production build. */
    TCB_EMULATOR_WEB_HOST?: string;
  }
}

/** The React hooks the H5 build adds to @tarojs/taro (its api-loader); the jest shim adds them the same way. */
declare module '@tarojs/plugin-framework-react/dist/runtime';
