import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';
import type { QueryProps } from './query-props';

/** Query results are written under this prefix of the results bucket. */
const RESULTS_PREFIX = 'results/';

/**
 * The Athena workgroup of the verification step: its configuration is enforced (clients cannot
 * pick another result location or turn encryption off), results are SSE-KMS with the results
 * bucket's key, and a per-query scan limit caps the cost of a runaway query.
 */
export class Query extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly workgroupName: string;
  readonly arn: string;
  private readonly results: LakehouseBucket;

  constructor(scope: Construct, id: string, props: QueryProps) {
    super(scope, id);
    const key = props.resultsBucket.key;
    new PropsValidator('Query', scope, id)
      .check(key !== undefined, 'resultsBucket must be encrypted with a customer key (SSE-KMS)')
      .integer(
        props.bytesScannedCutoffPerQuery,
        'bytesScannedCutoffPerQuery',
        10_485_760,
        Number.MAX_SAFE_INTEGER,
      )
      .throwIfInvalid();
    const { naming } = props;
    this.results = props.resultsBucket;
    this.workgroupName = naming.prefix;
    this.workgroup = new AthenaWorkgroup(this, 'Workgroup', {
      name: this.workgroupName,
      description: `Verification queries of ${naming.environment}`,
      state: 'ENABLED',
      forceDestroy: props.forceDestroy ?? false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 10_737_418_240,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: props.resultsBucket.s3Uri(RESULTS_PREFIX),
          expectedBucketOwner: naming.accountId,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: key!.arn },
        },
      },
    });
    this.arn = this.workgroup.arn;
  }

  /** Run queries in the workgroup and read their results (the tables and catalog are granted apart). */
  grantQuery(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(
        [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        [this.arn],
      ),
    );
    this.results.grantReadWrite(grantee, `${RESULTS_PREFIX}*`);
  }
}
