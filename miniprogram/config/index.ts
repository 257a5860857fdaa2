import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { buildCloudEnv } from './cloud-env';

/**
 * Taro build configuration (webpack 5) for both targets: `taro build --type weapp` writes dist/ (opened by
 * WeChat DevTools through the repo's project.config.json), `--type h5` writes dist-h5/ (TARO_ENV is set
 * before this file is read, so both outputs can exist side by side).
 */

const REPO_ROOT = path.resolve(__dirname, '../..');
/** The workspace packages the app imports as TypeScript sources (cloud-client and what it imports). */
const WORKSPACE_PACKAGES = path.join(REPO_ROOT, 'packages');

/** Which CloudBase environment the app talks to (the emulator for a `demo-` env; see cloud-env.ts). */
const { envId, emulatorWebHost } = buildCloudEnv(process.env);

/** NutUI's embedded digit fonts, dropped (config/postcss-drop-font-faces.js says why). */
const DROP_UNUSED_FONTS = {
  './config/postcss-drop-font-faces.js': { enable: true, config: { families: ['JDZH-Regular', 'JDZH-Bold'] } },
};

/** NutUI is drawn for a 375-wide design, our pages for 750 (WeChat's rpx). */
function designWidth(input?: unknown): number {
  const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined;
  return file && file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
}

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'partner-desk',
    date: '2026-12-07',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_ENV === 'h5' ? 'dist-h5' : 'dist',
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      'process.env.TCB_ENV_ID': JSON.stringify(envId),
      'process.env.TCB_EMULATOR_WEB_HOST': JSON.stringify(emulatorWebHost),
    },
    alias: {
      '@partner-desk/cloud-client': path.join(WORKSPACE_PACKAGES, 'cloud-client/src/index.ts'),
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      // No alias keeps @cloudbase/js-sdk out any more: cloud-client imports it only in a branch that
      // process.env.TARO_ENV === 'weapp' folds away (test/weapp/weapp-build.test.ts checks the output).
      compile: { include: [WORKSPACE_PACKAGES] },
      // base.wxml (every used component's template, in the main package) without its indentation.
      minifyXML: { collapseWhitespace: true },
      // Pages take NutUI's per-component stylesheets in different orders; each is scoped by its own class
      // names, so the order across pages does not matter (as in the H5 build).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        ...DROP_UNUSED_FONTS,
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [WORKSPACE_PACKAGES] },
      webpackChain(chain) {
        // Taro splits only the initial chunks, so every lazily loaded page carried its own copy of the
        // modules pages share (NutUI, our components: 55 KB a page); shared async chunks load them once.
        chain.optimization.set('splitChunks', { ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      // [contenthash], not the template's [hash] (a webpack 5 deprecation warning).
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        ...DROP_UNUSED_FONTS,
        cssModules: { enable: false },
      },
    },
  };
  return merge({}, base);
});
