import { config as dev } from '@lakehouse/environment-dev';
import { config as prod } from '@lakehouse/environment-prod';
import { config as staging } from '@lakehouse/environment-staging';

/**
 * The three environments' configurations, in promotion order. Each lives in its own project
 * (environments/<env>, with its synth, plan and deploy targets), so that a change to one marks only
 * that environment affected; this project gathers them for the checks across environments.
 */
export const ENVIRONMENTS = [dev, staging, prod] as const;
