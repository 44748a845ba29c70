module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'state',
  rootDir: __dirname,
  // One DynamoDB Local JVM for all test files (each file still gets its own dynalite in process).
  globalSetup: '<rootDir>/../testing/src/jest/dynamodb-local-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest/dynamodb-local-teardown.ts',
};
