import { catalogTables } from '@lakehouse/infra';

/** Typed per-environment settings; the synth / plan / deploy targets come with the infrastructure issue. */
export interface EnvironmentConfig {
  readonly name: 'dev' | 'staging' | 'prod';
  readonly region: string;
  /** Glue tables this environment catalogues. @default every dataset contract */
  readonly tables: readonly string[];
}

const environment = (name: EnvironmentConfig['name']): EnvironmentConfig => ({
  name,
  region: 'eu-west-1',
  tables: catalogTables,
});

export const environments: readonly EnvironmentConfig[] = [
  environment('dev'),
  environment('staging'),
  environment('prod'),
];
