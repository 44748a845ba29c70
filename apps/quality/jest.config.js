// No quiet-powertools setup: the test reads the EMF metrics the handler writes to stdout.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'quality-app',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../libs/testing/src/jest/local-servers-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/local-servers-teardown.ts',
};
