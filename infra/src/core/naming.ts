import { bucketNames, catalogDatabaseName, type Zone } from '@lakehouse/storage';

/**
 * The physical names of one environment's resources, derived in one place: `lakehouse-<env>-…`.
 * S3 bucket names are global, so they also carry the account id.
 */
export class Naming {
  readonly prefix: string;

  constructor(
    readonly environment: string,
    readonly accountId: string,
    readonly region: string,
    readonly project = 'lakehouse',
  ) {
    this.prefix = `${project}-${environment}`;
  }

  /** `lakehouse-<env>-<parts…>` */
  name(...parts: string[]): string {
    return [this.prefix, ...parts].join('-');
  }

  /** The bucket of a storage zone (`@lakehouse/storage` names it): `lakehouse-<env>-<account>-<zone>`. */
  bucket(zone: Zone): string {
    return bucketNames(this.name(this.accountId))[zone];
  }

  /** The Glue database of the tables: `lakehouse_<env>`, the rule the pipeline code also uses. */
  get database(): string {
    return catalogDatabaseName(this.environment);
  }

  /** The prefix of the state tables: `lakehouse-<env>-files`, … */
  get tablePrefix(): string {
    return `${this.prefix}-`;
  }

  /** A log group of this environment: `/lakehouse/<env>/<parts…>`. */
  logGroup(...parts: string[]): string {
    return ['', this.project, this.environment, ...parts].join('/');
  }

  /**
   * A log group for a service that delivers logs itself (Step Functions): under `/aws/vendedlogs/`,
   * which spares the account's CloudWatch Logs resource policy one entry per group.
   */
  vendedLogGroup(service: string, name: string): string {
    return `/aws/vendedlogs/${service}/${this.name(name)}`;
  }

  /** Log group ARN patterns that cover every log group this environment creates. */
  get logGroupArnPatterns(): string[] {
    return [
      this.arn('logs', `log-group:${this.logGroup('*')}`),
      this.arn('logs', `log-group:/aws/vendedlogs/*/${this.prefix}-*`),
    ];
  }

  /** The run's state machine (the trigger is told its ARN before the machine exists). */
  get stateMachineName(): string {
    return this.name('pipeline');
  }

  get stateMachineArn(): string {
    return this.arn('states', `stateMachine:${this.stateMachineName}`);
  }

  /** An ARN in this account and region. */
  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  get accountRoot(): string {
    return `arn:aws:iam::${this.accountId}:root`;
  }
}
