import type { LakehouseBucket } from '../storage/lakehouse-bucket';

export interface GlueAssetsProps {
  /** The assets bucket. */
  readonly bucket: LakehouseBucket;
  /** The Glue runner's bundle: `glue_entry.py` and `lakehouse_runner.zip` (`nx run glue-jobs:bundle`). */
  readonly runnerDir: string;
}
