module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'aws',
  rootDir: __dirname,
  // One fauxqs process (SNS, SQS) for all test files.
  globalSetup: '<rootDir>/../testing/src/jest/fauxqs-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest/fauxqs-teardown.ts',
  testTimeout: 30_000,
};
