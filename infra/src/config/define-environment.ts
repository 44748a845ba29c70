import type { EnvironmentInput, EnvironmentName } from './environment-config';

/** What every environment shares unless it says otherwise. */
type Shared = 'region' | 'protections' | 'remoteState';

/** An environment's configuration minus its name, the shared fields optional. */
export type EnvironmentOverrides = Omit<EnvironmentInput, 'name' | Shared> &
  Partial<Pick<EnvironmentInput, Shared>>;

/**
 * An environment's configuration from what sets it apart: by default it is in eu-west-1, protected
 * (deletion protection, no force destroy) and keeps its Terraform state in the bucket the bootstrap
 * creates, `lakehouse-tfstate-<account>-<region>`. Validated when synthesized.
 */
export function defineEnvironment(name: EnvironmentName, overrides: EnvironmentOverrides): EnvironmentInput {
  const region = overrides.region ?? 'eu-west-1';
  return {
    name,
    region,
    protections: { deletionProtection: true, forceDestroy: false },
    remoteState: { bucket: `lakehouse-tfstate-${overrides.accountId}-${region}` },
    ...overrides,
  };
}
