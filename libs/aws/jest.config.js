module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'aws',
  rootDir: __dirname,
};
