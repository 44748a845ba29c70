// dt-sql-parser ships ESM with extension-less imports that plain Node (and Jest's CommonJS
// runtime) cannot load: let @swc/jest transform it instead of ignoring node_modules.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'engine',
  rootDir: __dirname,
  transformIgnorePatterns: ['/node_modules/(?!(dt-sql-parser|antlr4-c3)/)'],
};
