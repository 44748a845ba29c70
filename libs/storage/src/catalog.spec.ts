import { catalogDatabaseName, LOCAL_CATALOG_DATABASE } from './catalog';

describe('catalogDatabaseName', () => {
  it('names the database after the environment, with `_` for `-`', () => {
    expect(catalogDatabaseName('prod')).toBe('lakehouse_prod');
    expect(catalogDatabaseName('eu-prod')).toBe('lakehouse_eu_prod');
    expect(LOCAL_CATALOG_DATABASE).toBe('lakehouse_local');
  });

  it('refuses a name that would not make a database name', () => {
    expect(() => catalogDatabaseName('Prod')).toThrow(
      'catalog database: "Prod" is not an environment name (lowercase letters and digits, single "-")',
    );
    expect(() => catalogDatabaseName('a.b')).toThrow('"a.b" is not an environment name');
    expect(() => catalogDatabaseName('')).toThrow('"" is not an environment name');
  });
});
