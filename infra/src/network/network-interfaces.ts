import type { IGrantable } from '../core/grants';
import type { Naming } from '../core/naming';
import { statement } from '../core/policy-document';

/** Where a service creates network interfaces for compute in the VPC. */
export interface VpcPlacement {
  readonly vpcArn: string;
  readonly subnetArns: readonly string[];
  readonly securityGroupArn: string;
}

export interface NetworkInterfaceGrantOptions {
  /**
   * Describe actions the service calls besides `ec2:DescribeNetworkInterfaces` (no resource-level permissions).
   * @default none
   */
  readonly describe?: readonly string[];
  /**
   * The tag the service puts on its interfaces (Glue tags them `aws-glue-service-resource`).
   * @default none
   */
  readonly tagKey?: string;
}

/**
 * Lambda and Glue create and delete the network interfaces of their compute with the role they
 * run as. Creation is scoped to the private subnets and the compute's security group; every other
 * interface action to interfaces of this VPC; describing has no resource-level permission.
 */
export function grantNetworkInterfaces(
  grantee: IGrantable,
  naming: Naming,
  placement: VpcPlacement,
  options: NetworkInterfaceGrantOptions = {},
): void {
  const interfaces = naming.arn('ec2', 'network-interface/*');
  const inThisVpc = { ArnEquals: { 'ec2:Vpc': placement.vpcArn } };
  grantee.addToPrincipalPolicy(
    statement(['ec2:CreateNetworkInterface'], [...placement.subnetArns, placement.securityGroupArn], {
      sid: 'CreateInterfacesInThePrivateSubnets',
    }),
  );
  grantee.addToPrincipalPolicy(
    statement(
      [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      [interfaces],
      { sid: 'ManageInterfacesOfThisVpc', conditions: inThisVpc },
    ),
  );
  if (options.tagKey) {
    grantee.addToPrincipalPolicy(
      statement(['ec2:CreateTags', 'ec2:DeleteTags'], [interfaces], {
        sid: 'TagInterfacesOfThisVpc',
        conditions: { ...inThisVpc, 'ForAllValues:StringEquals': { 'aws:TagKeys': [options.tagKey] } },
      }),
    );
  }
  grantee.addToPrincipalPolicy(
    statement(['ec2:DescribeNetworkInterfaces', ...(options.describe ?? [])], ['*'], {
      sid: 'Ec2DescribeHasNoResourceLevelPermissions',
    }),
  );
}
