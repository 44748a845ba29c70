module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lambda-bundle',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
