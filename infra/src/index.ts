import { datasets } from '@lakehouse/contracts';

/**
 * The CDKTF app lives here (one stack class, constructs per concern). Until the infrastructure
 * issue lands, this project only fixes its place in the layering: infra depends on libs
 * (the contracts drive the catalog and the Glue job DAG) and on app bundles, never the reverse.
 */
export const catalogTables: readonly string[] = datasets.names;
