module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fail',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../libs/testing/src/jest/dynamodb-local-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/dynamodb-local-teardown.ts',
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
