// One jest run for the whole repo; tests mirror the tree (emulator/test, cloudfunctions/<name>/test through the emulator,
// packages/<name>/test/<domain>); test-support/ holds what product tests share.
// Projects split what needs more than node: browser tests (`*.browser.test.ts`, headless chromium) have a
// globalSetup that stops the run at the start with one line when the machine lacks chromium; the
// mini-program's page and state tests run in jsdom with its own babel setup (miniprogram/jest.config.js);
// its weapp build checks (miniprogram/test/weapp) are plain node tests.
const ROOTS = '(emulator|packages|cloudfunctions|scripts|pc-simulator)';

const node = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // <rootDir>/build, not any /build/ folder: a clone under e.g. ~/build/ must still find its tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/'],
  moduleNameMapper: {
    '^@partner-desk/contract$': '<rootDir>/packages/contract/src/index.ts',
    '^@partner-desk/contract/(.*)$': '<rootDir>/packages/contract/src/$1',
    '^@partner-desk/shared$': '<rootDir>/packages/shared/src/index.ts',
    '^@partner-desk/shared/(.*)$': '<rootDir>/packages/shared/src/$1',
    '^@partner-desk/database$': '<rootDir>/database/index.ts',
    '^@partner-desk/cloud-client$': '<rootDir>/packages/cloud-client/src/index.ts',
    '^@partner-desk/seed$': '<rootDir>/packages/seed/src/index.ts',
    '^@partner-desk/cloudbase-emulator$': '<rootDir>/emulator/src/index.ts',
    '^@partner-desk/pc-protocol$': '<rootDir>/packages/pc-protocol/src/index.ts',
    '^@partner-desk/pc-protocol/(.*)$': '<rootDir>/packages/pc-protocol/src/$1',
  },
};

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...node,
      displayName: 'node',
      testMatch: [`<rootDir>/${ROOTS}/**/*.test.ts`, '<rootDir>/miniprogram/test/weapp/**/*.test.ts'],
      testPathIgnorePatterns: [...node.testPathIgnorePatterns, '\\.browser\\.test\\.ts$'],
    },
    {
      ...node,
      displayName: 'browser',
      testMatch: [`<rootDir>/${ROOTS}/**/*.browser.test.ts`, '<rootDir>/miniprogram/test/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/emulator/test/browser/require-browser.ts',
    },
    '<rootDir>/miniprogram',
  ],
};
