import { Construct } from 'constructs';
import type { KmsProps } from './kms-props';
import { LakehouseKey } from './lakehouse-key';

const DATA_SERVICES = ['s3', 'sqs', 'sns', 'glue', 'lambda', 'states', 'scheduler', 'athena'];

/**
 * The environment's three customer-managed keys, one per kind of data, so that a grant on one
 * never opens another:
 * - `data`: the buckets, queues, topic, Glue, Lambda environments, Step Functions, Scheduler, Athena;
 * - `logs`: every log group (CloudWatch Logs uses it as itself, limited to this environment's groups);
 * - `state`: the DynamoDB tables.
 */
export class Kms extends Construct {
  readonly data: LakehouseKey;
  readonly logs: LakehouseKey;
  readonly state: LakehouseKey;

  constructor(scope: Construct, id: string, props: KmsProps) {
    super(scope, id);
    const { naming } = props;
    const common = {
      accountId: naming.accountId,
      region: naming.region,
      deletionWindowDays: props.deletionWindowDays,
    };
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': naming.accountId } };

    this.data = new LakehouseKey(this, 'Data', {
      ...common,
      alias: naming.name('data'),
      description: `${naming.prefix}: lakehouse data (buckets, queues, topic, Glue, Lambda, Step Functions)`,
      viaServices: DATA_SERVICES,
      servicePrincipals: [
        {
          sid: 'S3NotifiesTheEncryptedQueue',
          service: 's3.amazonaws.com',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          conditions: fromThisAccount,
        },
        {
          sid: 'AlarmsPublishToTheEncryptedTopic',
          service: 'cloudwatch.amazonaws.com',
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          conditions: fromThisAccount,
        },
        {
          // Step Functions encrypts execution data with the key; its log delivery decrypts it.
          sid: 'LogDeliveryReadsThisEnvironmentsExecutions',
          service: 'delivery.logs.amazonaws.com',
          actions: ['kms:Decrypt'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:states:stateMachineArn': naming.arn(
                'states',
                `stateMachine:${naming.prefix}-*`,
              ),
            },
          },
        },
        {
          sid: 'EventRulesPublishToTheEncryptedTopic',
          service: 'events.amazonaws.com',
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          conditions: fromThisAccount,
        },
      ],
    });

    this.logs = new LakehouseKey(this, 'Logs', {
      ...common,
      alias: naming.name('logs'),
      description: `${naming.prefix}: CloudWatch log groups`,
      servicePrincipals: [
        {
          sid: 'CloudWatchLogsEncryptsThisEnvironmentsGroups',
          service: `logs.${naming.region}.amazonaws.com`,
          actions: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': [
                ...naming.logGroupArnPatterns,
                // Glue names the log groups of jobs under a security configuration itself.
                naming.arn('logs', 'log-group:/aws-glue/*'),
              ],
            },
          },
        },
      ],
    });

    this.state = new LakehouseKey(this, 'State', {
      ...common,
      alias: naming.name('state'),
      description: `${naming.prefix}: pipeline state tables`,
      viaServices: ['dynamodb'],
    });
  }
}
