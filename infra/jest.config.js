module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'infra',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/test/setup-jest.ts'],
};
