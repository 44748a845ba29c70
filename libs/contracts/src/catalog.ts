/**
 * The Glue Data Catalog database of the lakehouse tables, named once: infra creates it (each
 * environment in its own account), Athena and the verify step query `<database>.<table>`, and the
 * local home names its DuckDB views the same way, so a query reads the same text everywhere.
 */
export const CATALOG_DATABASE = 'ecommerce_dwh';
