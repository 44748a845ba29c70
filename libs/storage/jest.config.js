module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'storage',
  rootDir: __dirname,
  // One fauxqs process (S3) for all test files.
  globalSetup: '<rootDir>/../testing/src/jest/fauxqs-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest/fauxqs-teardown.ts',
};
