/**
 * Page and state tests of the mini-program (a project of the root jest.config.js, so `npm test` runs them):
 * the real pages, NutUI and jotai rendered into jsdom with @testing-library/react, as the H5 build runs
 * them. Babel with the app's own babel.config.js (Taro's preset turns to CommonJS under NODE_ENV=test).
 * Browser tests (test/browser, *.browser.test.ts) and the weapp build checks (test/weapp) belong to the root's
 * `browser` and `node` projects.
 */
module.exports = {
  displayName: 'miniprogram',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$', '<rootDir>/test/weapp/'],
  // .mjs: swiper (under NutUI) ships swiper-bundle.mjs.
  transform: { '^.+\\.(mjs|cjs|js|jsx|ts|tsx)$': 'babel-jest' },
  // Taro, Stencil, NutUI's ES build, swiper, lodash-es and jotai ship untranspiled ES modules: only jest's
  // own packages, babel, React and jsdom are left alone.
  transformIgnorePatterns: ['/node_modules/(?:jest[^/]*|@jest|@babel|babel-[^/]*|core-js[^/]*|react|react-dom|scheduler|jsdom|@testing-library)/'],
  moduleNameMapper: {
    // What the H5 build's api-loader does: @tarojs/taro-h5 plus the React hooks (useLaunch, useDidShow, …).
    '^@tarojs/taro$': '<rootDir>/test/support/taro-h5.ts',
    // The H5 build's components: Stencil web components, which jsdom runs.
    '^@tarojs/components$': '@tarojs/components/lib/react',
    // NutUI's `main` is a UMD bundle whose lottie code touches canvas at import (null in jsdom).
    '^@nutui/nutui-react-taro$': '@nutui/nutui-react-taro/dist/es/packages/nutui.react.build.js',
    '^(lottie-react|lottie-web|@nutui/lottie-miniprogram)$': '<rootDir>/test/support/no-lottie.ts',
    '^@partner-desk/cloud-client$': '<rootDir>/../packages/cloud-client/src/index.ts',
    '\\.(css|scss|less)$': 'identity-obj-proxy',
  },
  // The compile-time switches Taro's webpack build defines.
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_MUTATION_OBSERVER: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
    __TARO_FRAMEWORK__: 'react',
  },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/reset-between-tests.ts'],
};
