// The synth target of the staging environment (run from the workspace root).
import { synthEnvironmentCli } from '@lakehouse/infra';
import { config } from './config';

synthEnvironmentCli(config);
