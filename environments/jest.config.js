module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'environments',
  rootDir: __dirname,
  // Three real synths of the whole stack.
  testTimeout: 120_000,
};
