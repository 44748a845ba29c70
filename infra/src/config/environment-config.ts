import { z } from 'zod';

/** The environments the platform deploys, in promotion order. */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * Interface endpoints the private subnets may get, by service name (`com.amazonaws.<region>.<name>`).
 * Without a NAT gateway these are the only way out of the VPC besides the S3 and DynamoDB
 * gateway endpoints, so leave one out only when nothing in the VPC calls that service.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  'glue',
  'kms',
  'logs',
  'sts',
  'sqs',
  'sns',
  'states',
  'athena',
  'monitoring',
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** The retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Glue 5.0 worker types for Spark jobs. */
export const GLUE_WORKER_TYPES = ['G.1X', 'G.2X', 'G.4X', 'G.8X'] as const;

const ipv4Cidr = z
  .string()
  .regex(
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/,
    'must be an IPv4 CIDR such as 10.20.0.0/16',
  )
  .refine(
    (cidr) =>
      cidr
        .split(/[./]/)
        .slice(0, 4)
        .every((octet) => Number(octet) <= 255),
    {
      message: 'has an octet above 255',
    },
  )
  .refine(
    (cidr) => {
      const prefix = Number(cidr.split('/')[1]);
      return prefix >= 16 && prefix <= 22;
    },
    { message: 'must have a prefix from /16 to /22 (eight subnets of at least /25)' },
  );

const scheduleExpression = z
  .string()
  .regex(
    /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
    'must be an EventBridge Scheduler expression: cron(m h dom mon dow y) or rate(n unit)',
  );

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Dublin' },
);

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const environmentConfigSchema = z
  .object({
    name: z.enum(ENVIRONMENT_NAMES),
    /** The only account this stack may be applied to (the provider refuses any other). */
    accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, 'must be an AWS region such as eu-west-1'),
    network: z.object({
      cidr: ipv4Cidr,
      /** Private subnets, one per availability zone. */
      azCount: int(1, 6),
      interfaceEndpoints: z
        .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
        .refine((list) => new Set(list).size === list.length, { message: 'lists a service twice' })
        .default([...INTERFACE_ENDPOINT_SERVICES]),
      /** A NAT gateway (and an internet gateway) for egress to the internet. */
      natGateway: z.boolean().default(false),
    }),
    glue: z.object({
      workerType: z.enum(GLUE_WORKER_TYPES),
      /** Workers per job run; with auto scaling, the most Glue may scale up to. */
      maxWorkers: int(2, 299),
      autoScaling: z.boolean().default(true),
      timeoutMinutes: int(1, 2880),
      maxRetries: int(0, 10),
    }),
    lambda: z.object({
      /** Reserved concurrency of each function (caps its share of the account's pool). */
      reservedConcurrency: int(1, 1000),
      /** Per-function overrides of the reserved concurrency, by app name. */
      reservedConcurrencyByFunction: z.record(z.string(), int(1, 1000)).default({}),
    }),
    orchestration: z
      .object({
        /**
         * How long one run (a state-machine execution) may take; the run's lease lasts as long, so
         * no other run starts while it may still be running. It must be longer than the Glue
         * workflow may run: the jobs of its longest chain × timeoutMinutes × (maxRetries + 1).
         */
        runTimeoutMinutes: int(10, 10_080).default(480),
      })
      .default({ runTimeoutMinutes: 480 }),
    logs: z.object({
      retentionDays: z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of CloudWatch's retention values (${LOG_RETENTION_DAYS.join(', ')})`,
      }),
    }),
    alarms: z.object({
      /** E-mail subscriptions of the alarm topic (each must confirm the subscription). */
      emails: z.array(z.email()).default([]),
    }),
    protections: z.object({
      /** DynamoDB deletion protection and KMS/Glue/Step Functions resources kept on destroy. */
      deletionProtection: z.boolean(),
      /** Buckets and the Athena workgroup may be destroyed with their contents. */
      forceDestroy: z.boolean(),
    }),
    ingestion: z
      .object({
        /** A daily (or periodic) nudge to start a run of the pending files, for sources that drop files all day. */
        schedule: z.object({ expression: scheduleExpression, timeZone: timeZone.default('UTC') }).optional(),
        maxReceiveCount: int(1, 1000).default(5),
      })
      .default({ maxReceiveCount: 5 }),
    storage: z
      .object({
        archiveInfrequentAccessDays: int(30, 3650).default(30),
        archiveGlacierDays: int(60, 3650).default(90),
        noncurrentVersionDays: int(1, 3650).default(30),
        accessLogDays: int(1, 3650).default(90),
        athenaResultDays: int(1, 3650).default(30),
      })
      .refine((s) => s.archiveGlacierDays >= s.archiveInfrequentAccessDays + 30, {
        message: 'archiveGlacierDays must be at least 30 days after archiveInfrequentAccessDays',
        path: ['archiveGlacierDays'],
      })
      .default({
        archiveInfrequentAccessDays: 30,
        archiveGlacierDays: 90,
        noncurrentVersionDays: 30,
        accessLogDays: 90,
        athenaResultDays: 30,
      }),
    athena: z
      .object({
        bytesScannedCutoffPerQuery: int(10_485_760, Number.MAX_SAFE_INTEGER).default(10_737_418_240),
      })
      .default({ bytesScannedCutoffPerQuery: 10_737_418_240 }),
    catalog: z
      .object({
        /**
         * Data Catalog encryption is one setting per account and region: exactly one stack in an
         * account may own it.
         */
        manageEncryptionSettings: z.boolean().default(true),
      })
      .default({ manageEncryptionSettings: true }),
    /** The S3 backend of this environment's Terraform state (created by the bootstrap). */
    remoteState: z.object({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
      /** @default lakehouse/<name>/terraform.tfstate */
      key: z.string().min(1).optional(),
      /** A KMS key for the state objects. @default the bucket's default encryption */
      kmsKeyId: z.string().min(1).optional(),
    }),
  })
  .superRefine((config, ctx) => {
    // runTimeoutMinutes against the Glue workflow's longest run: LakehouseStack checks it, since
    // that run depends on the workflow's chain of jobs as well as on the sizing here.
    if (config.name !== 'prod') return;
    // Production keeps what an audit needs and what a mistake would destroy.
    if (config.logs.retentionDays < 365) {
      ctx.addIssue({
        code: 'custom',
        path: ['logs', 'retentionDays'],
        message: `must be at least 365 in prod (got ${config.logs.retentionDays})`,
      });
    }
    if (!config.protections.deletionProtection) {
      ctx.addIssue({
        code: 'custom',
        path: ['protections', 'deletionProtection'],
        message: 'must be true in prod',
      });
    }
    if (config.protections.forceDestroy) {
      ctx.addIssue({
        code: 'custom',
        path: ['protections', 'forceDestroy'],
        message: 'must be false in prod',
      });
    }
    if (config.network.azCount < 2) {
      ctx.addIssue({ code: 'custom', path: ['network', 'azCount'], message: 'must be at least 2 in prod' });
    }
  });

/** An environment's configuration as written in its project (defaults not yet applied). */
export type EnvironmentInput = z.input<typeof environmentConfigSchema>;
/** A validated configuration with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

export class EnvironmentConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(`environment ${environment}: invalid configuration: ${problems.join('; ')}`);
    this.name = 'EnvironmentConfigError';
  }
}

/** Validates an environment's configuration; the error names the environment and each field. */
export function parseEnvironmentConfig(input: unknown): EnvironmentConfig {
  const result = environmentConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const name =
    typeof input === 'object' && input !== null && typeof (input as { name?: unknown }).name === 'string'
      ? (input as { name: string }).name
      : '(unnamed)';
  throw new EnvironmentConfigError(
    name,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}
