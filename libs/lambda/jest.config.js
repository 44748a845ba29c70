module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lambda',
  rootDir: __dirname,
};
