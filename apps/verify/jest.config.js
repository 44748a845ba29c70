module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'verify',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
