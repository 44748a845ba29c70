module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cli',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
