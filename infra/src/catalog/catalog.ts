import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { GlueDataCatalogEncryptionSettings } from '@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { tablePrefix } from '@lakehouse/storage';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import type { Naming } from '../core/naming';
import { statement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';
import type { CatalogProps } from './catalog-props';

const READ_CATALOG = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];
const WRITE_CATALOG = [
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:BatchUpdatePartition',
];

/**
 * Glue's logs of jobs and crawlers under a security configuration go to log groups Glue creates
 * and names itself under `/aws-glue/`; the role writes them and associates the logs key.
 */
export function grantGlueManagedLogs(grantee: IGrantable, naming: Naming): void {
  const groups = naming.arn('logs', 'log-group:/aws-glue/*');
  grantee.addToPrincipalPolicy(
    statement(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
      [groups],
      {
        sid: 'GlueManagedLogGroups',
      },
    ),
  );
}

/**
 * The Glue Data Catalog side of the lakehouse: the database, the security configuration every job
 * and crawler uses (S3 SSE-KMS, CloudWatch SSE-KMS, bookmarks CSE-KMS), the account's catalog
 * encryption, and the crawler that registers the Delta tables as native Delta tables (Athena
 * reads them without manifests).
 */
export class Catalog extends Construct {
  readonly databaseName: string;
  readonly securityConfiguration: GlueSecurityConfiguration;
  readonly securityConfigurationName: string;
  readonly crawler: GlueCrawler;
  readonly crawlerName: string;
  readonly crawlerRole: ServiceRole;
  private readonly naming: Naming;
  private readonly tablesBucket: LakehouseBucket;
  private readonly dataKey: LakehouseKey;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    const tables = props.tables;
    new PropsValidator('Catalog', scope, id)
      .check(tables.length > 0, 'tables is empty: the crawler needs at least one Delta table')
      .check(new Set(tables).size === tables.length, 'tables lists a table twice')
      .check(
        tables.every((t) => /^[a-z][a-z0-9_]*$/.test(t)),
        `table names must be lower_snake_case: ${tables.join(', ')}`,
      )
      .throwIfInvalid();
    const { naming } = props;
    this.naming = naming;
    this.tablesBucket = props.tablesBucket;
    this.dataKey = props.dataKey;
    this.databaseName = naming.database;

    new GlueCatalogDatabase(this, 'Database', {
      name: this.databaseName,
      description: `Lakehouse tables of ${naming.environment} (Delta, registered by the crawler)`,
      locationUri: this.tablesBucket.s3Uri(),
    });

    this.securityConfigurationName = naming.name('glue');
    this.securityConfiguration = new GlueSecurityConfiguration(this, 'SecurityConfiguration', {
      name: this.securityConfigurationName,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: props.dataKey.arn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: props.logsKey.arn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: props.dataKey.arn },
      },
    });

    if (props.manageEncryptionSettings ?? true) {
      new GlueDataCatalogEncryptionSettings(this, 'CatalogEncryption', {
        dataCatalogEncryptionSettings: {
          encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: props.dataKey.arn },
          connectionPasswordEncryption: {
            returnConnectionPasswordEncrypted: true,
            awsKmsKeyId: props.dataKey.arn,
          },
        },
      });
    }

    this.crawlerName = naming.name('tables');
    this.crawlerRole = new ServiceRole(this, 'CrawlerRole', {
      roleName: naming.name('crawler'),
      service: 'glue.amazonaws.com',
      description: 'The crawler registering the Delta tables',
    });
    // Crawling Delta tables needs read and write on their location (Glue's documented requirement).
    for (const table of tables) this.tablesBucket.grantReadWrite(this.crawlerRole, `${tablePrefix(table)}*`);
    this.grantReadTables(this.crawlerRole);
    this.grantWriteTables(this.crawlerRole);
    props.logsKey.grantEncryptDecrypt(this.crawlerRole);
    grantGlueManagedLogs(this.crawlerRole, naming);
    this.crawler = new GlueCrawler(this, 'Crawler', {
      name: this.crawlerName,
      description: 'Registers the lakehouse Delta tables as native Delta tables',
      databaseName: this.databaseName,
      role: this.crawlerRole.arn,
      securityConfiguration: this.securityConfigurationName,
      deltaTarget: [
        {
          deltaTables: tables.map((t) => this.tableLocation(t)),
          writeManifest: false,
          createNativeDeltaTable: true,
        },
      ],
      schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
      dependsOn: [this.securityConfiguration],
    });
  }

  /** `s3://<tables bucket>/<table>/`: where a Delta table lives (the plans and the crawler agree). */
  tableLocation(table: string): string {
    return this.tablesBucket.s3Uri(tablePrefix(table));
  }

  /** `<database>.<table>`: a table's name in Spark SQL and Athena. */
  qualifiedTableName(table: string): string {
    return `${this.databaseName}.${table}`;
  }

  private get catalogArns(): string[] {
    const { naming } = this;
    return [
      naming.arn('glue', 'catalog'),
      naming.arn('glue', `database/${this.databaseName}`),
      naming.arn('glue', `table/${this.databaseName}/*`),
    ];
  }

  /** Read the database's table definitions (decrypting the catalog). */
  grantReadTables(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(READ_CATALOG, this.catalogArns));
    this.dataKey.grantDecrypt(grantee);
  }

  /** Create and update the database's tables and partitions (encrypting the catalog). */
  grantWriteTables(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(WRITE_CATALOG, this.catalogArns));
    this.dataKey.grantEncryptDecrypt(grantee);
  }

  /** Start the crawler and read its state (the orchestration polls it). */
  grantStartCrawler(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(
        ['glue:StartCrawler', 'glue:GetCrawler'],
        [this.naming.arn('glue', `crawler/${this.crawlerName}`)],
      ),
    );
  }
}
