/**
 * The catalog database that holds the lakehouse tables, named once: `lakehouse_<environment>`.
 * In the cloud it is the Glue Data Catalog database infra creates (Athena queries
 * `"lakehouse_prod"."orders"`); locally the SQL query port names its views the same way
 * (`lakehouse_local.orders`), so a query reads the same in both places.
 */
export function catalogDatabaseName(environment: string): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(environment)) {
    throw new Error(
      `catalog database: "${environment}" is not an environment name (lowercase letters and digits, single "-")`,
    );
  }
  // Glue and Athena take `_` in database names more kindly than `-`.
  return `lakehouse_${environment.replace(/-/g, '_')}`;
}

/** The database of the local run's tables. */
export const LOCAL_CATALOG_DATABASE = catalogDatabaseName('local');
