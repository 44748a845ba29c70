import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCrawler } from '@cdktf/provider-aws/lib/glue-crawler';
import { GlueDataCatalogEncryptionSettings } from '@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings';
import { GlueSecurityConfiguration } from '@cdktf/provider-aws/lib/glue-security-configuration';
import { Catalog } from '../src/catalog/catalog';
import { ServiceRole } from '../src/core/service-role';
import { Kms } from '../src/kms/kms';
import { Query } from '../src/query/query';
import { Storage } from '../src/storage/storage';
import { ACCOUNT, REGION, naming, policyOf, resources, synth, testStack } from './support';

function catalogStack(manageEncryptionSettings?: boolean) {
  const stack = testStack();
  const kms = new Kms(stack, 'Kms', { naming });
  const storage = new Storage(stack, 'Storage', { naming, dataKey: kms.data });
  const catalog = new Catalog(stack, 'Catalog', {
    naming,
    tablesBucket: storage.buckets.lakehouse,
    tables: ['orders', 'daily_sales'],
    dataKey: kms.data,
    logsKey: kms.logs,
    manageEncryptionSettings,
  });
  const query = new Query(stack, 'Query', { naming, resultsBucket: storage.buckets.athenaResults });
  return { stack, kms, storage, catalog, query };
}

describe('Catalog', () => {
  const { stack, catalog } = catalogStack();
  const text = synth(stack);
  const json = JSON.parse(text);
  const lakehouse = `lakehouse-test-${ACCOUNT}-lakehouse`;

  it('places every table under the tables bucket, named in the database', () => {
    expect(catalog.tableLocation('orders')).toBe(`s3://${lakehouse}/orders/`);
    expect(catalog.qualifiedTableName('orders')).toBe('lakehouse_test.orders');
  });

  it('encrypts S3 writes, CloudWatch logs and bookmarks in the security configuration', () => {
    expect(text).toHaveResourceWithProperties(GlueSecurityConfiguration, {
      name: 'lakehouse-test-glue',
      encryption_configuration: {
        s3_encryption: { s3_encryption_mode: 'SSE-KMS', kms_key_arn: expect.stringContaining('Kms_Data') },
        cloudwatch_encryption: {
          cloudwatch_encryption_mode: 'SSE-KMS',
          kms_key_arn: expect.stringContaining('Kms_Logs'),
        },
        job_bookmarks_encryption: {
          job_bookmarks_encryption_mode: 'CSE-KMS',
          kms_key_arn: expect.stringContaining('Kms_Data'),
        },
      },
    });
  });

  it('encrypts the Data Catalog and connection passwords, unless another stack owns the setting', () => {
    expect(text).toHaveResourceWithProperties(GlueDataCatalogEncryptionSettings, {
      data_catalog_encryption_settings: {
        encryption_at_rest: {
          catalog_encryption_mode: 'SSE-KMS',
          sse_aws_kms_key_id: expect.stringContaining('Kms_Data'),
        },
        connection_password_encryption: {
          return_connection_password_encrypted: true,
          aws_kms_key_id: expect.stringContaining('Kms_Data'),
        },
      },
    });
    const other = catalogStack(false);
    expect(resources(JSON.parse(synth(other.stack)), 'aws_glue_data_catalog_encryption_settings')).toEqual(
      {},
    );
  });

  it('crawls the Delta tables into native Delta tables with the security configuration', () => {
    expect(text).toHaveResourceWithProperties(GlueCrawler, {
      name: 'lakehouse-test-tables',
      database_name: 'lakehouse_test',
      security_configuration: 'lakehouse-test-glue',
      delta_target: [
        {
          delta_tables: [`s3://${lakehouse}/orders/`, `s3://${lakehouse}/daily_sales/`],
          write_manifest: false,
          create_native_delta_table: true,
        },
      ],
    });
  });

  it('scopes the crawler role to the tables, the database and the Glue log groups', () => {
    const policy = policyOf(
      Object.values(resources(json, 'aws_iam_role_policy')).find(
        (p) => p.name === 'lakehouse-test-crawler-policy',
      )!,
    );
    const all = policy.Statement.flatMap((s) => s.Resource as string[]);
    expect(all).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/lakehouse_Bucket_\w+\.arn\}\/orders\/\*$/),
        `arn:aws:glue:${REGION}:${ACCOUNT}:database/lakehouse_test`,
        `arn:aws:glue:${REGION}:${ACCOUNT}:table/lakehouse_test/*`,
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws-glue/*`,
      ]),
    );
    expect(all).not.toContain('*');
  });

  it('grants starting the crawler by its ARN', () => {
    const s = catalogStack();
    const role = new ServiceRole(s.stack, 'Role', {
      roleName: 'r',
      service: 'lambda.amazonaws.com',
      description: 'test',
    });
    s.catalog.grantStartCrawler(role);
    expect(role.statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['glue:StartCrawler', 'glue:GetCrawler'],
        Resource: [`arn:aws:glue:${REGION}:${ACCOUNT}:crawler/lakehouse-test-tables`],
      },
    ]);
  });

  it('refuses an empty or badly named table list', () => {
    const s = catalogStack();
    expect(
      () =>
        new Catalog(s.stack, 'Bad', {
          naming,
          tablesBucket: s.storage.buckets.lakehouse,
          tables: ['Orders', 'Orders'],
          dataKey: s.kms.data,
          logsKey: s.kms.logs,
        }),
    ).toThrow(
      'Catalog (test/Bad): tables lists a table twice; table names must be lower_snake_case: Orders, Orders',
    );
  });
});

describe('Query', () => {
  const { stack, query } = catalogStack();
  const text = synth(stack);

  it('enforces the workgroup configuration and KMS-encrypted results in the results bucket', () => {
    expect(text).toHaveResourceWithProperties(AthenaWorkgroup, {
      name: 'lakehouse-test',
      configuration: expect.objectContaining({
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 10_737_418_240,
        result_configuration: {
          output_location: `s3://lakehouse-test-${ACCOUNT}-athena-results/results/`,
          expected_bucket_owner: ACCOUNT,
          encryption_configuration: {
            encryption_option: 'SSE_KMS',
            kms_key_arn: expect.stringContaining('Kms_Data'),
          },
        },
      }),
    });
  });

  it('grants queries in its workgroup and results under its prefix', () => {
    const role = new ServiceRole(stack, 'Verifier', {
      roleName: 'v',
      service: 'lambda.amazonaws.com',
      description: 'test',
    });
    query.grantQuery(role);
    const resourcesGranted = role.statements.flatMap((s) => s.Resource ?? []);
    expect(resourcesGranted).toContain(query.arn);
    expect(resourcesGranted.some((r) => r.endsWith('/results/*'))).toBe(true);
  });

  it('refuses a results bucket without a customer key', () => {
    const s = catalogStack();
    expect(
      () => new Query(s.stack, 'Plain', { naming, resultsBucket: s.storage.buckets.accessLogs }),
    ).toThrow('Query (test/Plain): resultsBucket must be encrypted with a customer key (SSE-KMS)');
  });
});
