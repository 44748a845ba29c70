module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pipeline',
  rootDir: __dirname,
  // The steps' tests run on DynamoDB Local and fauxqs (S3), one of each for all test files.
  globalSetup: '<rootDir>/../testing/src/jest/local-servers-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest/local-servers-teardown.ts',
};
