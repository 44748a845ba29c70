module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'settle',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../libs/testing/src/jest/local-servers-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/local-servers-teardown.ts',
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
