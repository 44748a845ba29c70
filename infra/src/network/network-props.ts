import type { InterfaceEndpointService } from '../config/environment-config';
import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';

export interface NetworkProps {
  readonly naming: Naming;
  /** The VPC's IPv4 range, /16 to /22; each subnet is one eighth of it. */
  readonly cidr: string;
  /**
   * Private subnets, one per availability zone (1–6).
   * @default 2
   */
  readonly azCount?: number;
  /**
   * Interface endpoints in the private subnets.
   * @default none: only the S3 and DynamoDB gateway endpoints
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * A NAT gateway (one, in a public subnet) and HTTPS egress to the internet for the functions
   * and Glue jobs. Off, nothing in the VPC has a route to the internet.
   * @default false
   */
  readonly natGateway?: boolean;
  /** The key of the flow-log group. */
  readonly logsKey: LakehouseKey;
  /** Retention of the flow-log group. */
  readonly logRetentionDays: number;
  /**
   * Which traffic the flow logs record.
   * @default 'ALL'
   */
  readonly flowLogTrafficType?: 'ACCEPT' | 'REJECT' | 'ALL';
}
