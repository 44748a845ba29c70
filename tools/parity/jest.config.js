module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'parity',
  rootDir: __dirname,
};
