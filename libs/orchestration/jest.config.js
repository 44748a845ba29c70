module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'orchestration',
  rootDir: __dirname,
};
