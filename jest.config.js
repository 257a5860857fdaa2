// One jest run for the whole repo; tests mirror the tree (emulator/test, cloudfunctions/<name>/test through the emulator,
// packages/<name>/test/<domain>); test-support/ holds what product tests share.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/(emulator|packages|cloudfunctions|scripts)/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/build/'],
  moduleNameMapper: {
    '^@partner-desk/contract$': '<rootDir>/packages/contract/src/index.ts',
    '^@partner-desk/contract/(.*)$': '<rootDir>/packages/contract/src/$1',
    '^@partner-desk/shared$': '<rootDir>/packages/shared/src/index.ts',
    '^@partner-desk/shared/(.*)$': '<rootDir>/packages/shared/src/$1',
    '^@partner-desk/database$': '<rootDir>/database/index.ts',
    '^@partner-desk/cloud-client$': '<rootDir>/packages/cloud-client/src/index.ts',
    '^@partner-desk/seed$': '<rootDir>/packages/seed/src/index.ts',
    '^@partner-desk/cloudbase-emulator$': '<rootDir>/emulator/src/index.ts',
  },
  testTimeout: 30000,
};
