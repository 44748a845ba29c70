module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'catalog',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/../../libs/lambda/test/quiet-powertools.ts'],
};
