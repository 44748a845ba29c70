import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { GlueConnection } from '@cdktf/provider-aws/lib/glue-connection';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { subnetCidr } from '../core/cidr';
import { statement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import { LakehouseLogGroup } from '../logs/lakehouse-log-group';
import type { FunctionNetwork } from '../functions/lakehouse-function-props';
import type { VpcPlacement } from './network-interfaces';
import type { NetworkProps } from './network-props';

const SUBNET_BITS = 3; // eight equal subnets: up to six private, the last one public (NAT)
const PUBLIC_SUBNET_INDEX = 7;
const HTTPS = 443;

type RuleTarget = { cidrIpv4: string } | { prefixListId: string } | { referencedSecurityGroupId: string };

/**
 * The VPC the functions and Glue jobs run in: private subnets across the configured AZs with no
 * route to the internet (unless a NAT gateway is asked for), gateway endpoints for S3 and
 * DynamoDB, interface endpoints from the config, flow logs, the default security group with no
 * rules, one security group per kind of compute, and one Glue NETWORK connection per subnet.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[] = [];
  /** The group of the Lambda functions: HTTPS to the endpoints only. */
  readonly functionSecurityGroup: SecurityGroup;
  /** The group of the Glue jobs: itself (Spark shuffles) and HTTPS to the endpoints. */
  readonly glueSecurityGroup: SecurityGroup;
  readonly endpointSecurityGroup: SecurityGroup;
  readonly glueConnections: GlueConnection[] = [];
  /** The names of the Glue connections, one per private subnet. */
  readonly glueConnectionNames: string[] = [];
  readonly interfaceEndpoints: Record<string, VpcEndpoint> = {};
  readonly s3Endpoint: VpcEndpoint;
  readonly dynamodbEndpoint: VpcEndpoint;
  readonly flowLogGroup: LakehouseLogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const azCount = props.azCount ?? 2;
    new PropsValidator('Network', scope, id)
      .integer(azCount, 'azCount', 1, 6)
      .check(
        /^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-2])$/.test(props.cidr),
        `cidr ${props.cidr} must be an IPv4 range from /16 to /22`,
      )
      .check(
        new Set(props.interfaceEndpoints ?? []).size === (props.interfaceEndpoints ?? []).length,
        'interfaceEndpoints lists a service twice',
      )
      .throwIfInvalid();
    const { naming } = props;
    const region = naming.region;

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true, // private DNS of the interface endpoints
      enableDnsSupport: true,
      tags: { Name: naming.name('vpc') },
    });
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      revokeRulesOnDelete: true,
      tags: { Name: naming.name('default-unused') },
    });

    const zones = new DataAwsAvailabilityZones(this, 'Zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const privateRoutes = new RouteTable(this, 'PrivateRoutes', {
      vpcId: this.vpc.id,
      tags: { Name: naming.name('private') },
    });
    for (let i = 0; i < azCount; i++) {
      const subnet = new Subnet(this, `Private${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: subnetCidr(props.cidr, SUBNET_BITS, i),
        availabilityZone: Fn.element(zones.names, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: naming.name('private', String(i)) },
      });
      new RouteTableAssociation(this, `Private${i}Routes`, {
        subnetId: subnet.id,
        routeTableId: privateRoutes.id,
      });
      this.privateSubnets.push(subnet);
    }

    this.s3Endpoint = this.gatewayEndpoint('S3', `com.amazonaws.${region}.s3`, privateRoutes);
    this.dynamodbEndpoint = this.gatewayEndpoint(
      'Dynamodb',
      `com.amazonaws.${region}.dynamodb`,
      privateRoutes,
    );

    const group = (groupId: string, name: string, description: string) =>
      new SecurityGroup(this, groupId, {
        name: naming.name(name),
        description,
        vpcId: this.vpc.id,
        revokeRulesOnDelete: true,
        tags: { Name: naming.name(name) },
      });
    this.endpointSecurityGroup = group(
      'EndpointSecurityGroup',
      'endpoints',
      'Interface endpoints: HTTPS from the functions and Glue jobs',
    );
    this.functionSecurityGroup = group(
      'FunctionSecurityGroup',
      'functions',
      'Lambda functions: HTTPS to the VPC endpoints only',
    );
    this.glueSecurityGroup = group(
      'GlueSecurityGroup',
      'glue',
      'Glue jobs: all TCP within the group, HTTPS to the VPC endpoints',
    );

    const endpointsOut: [string, RuleTarget, string][] = [
      [
        'Endpoints',
        { referencedSecurityGroupId: this.endpointSecurityGroup.id },
        'HTTPS to the interface endpoints',
      ],
      ['S3', { prefixListId: this.s3Endpoint.prefixListId }, 'HTTPS to S3 through the gateway endpoint'],
      [
        'Dynamodb',
        { prefixListId: this.dynamodbEndpoint.prefixListId },
        'HTTPS to DynamoDB through the gateway endpoint',
      ],
    ];
    for (const [compute, sg] of [
      ['Function', this.functionSecurityGroup],
      ['Glue', this.glueSecurityGroup],
    ] as const) {
      for (const [to, target, description] of endpointsOut) {
        this.egress(`${compute}To${to}`, sg, target, description, HTTPS);
      }
      new VpcSecurityGroupIngressRule(this, `EndpointsFrom${compute}`, {
        securityGroupId: this.endpointSecurityGroup.id,
        referencedSecurityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: HTTPS,
        toPort: HTTPS,
        description: `HTTPS from the ${compute === 'Function' ? 'Lambda functions' : 'Glue jobs'}`,
      });
    }
    // Glue requires a self-referencing rule: the driver and executors talk to each other.
    new VpcSecurityGroupIngressRule(this, 'GlueFromItself', {
      securityGroupId: this.glueSecurityGroup.id,
      referencedSecurityGroupId: this.glueSecurityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 0,
      toPort: 65535,
      description: 'Spark driver and executors within the Glue job',
    });
    this.egress(
      'GlueToItself',
      this.glueSecurityGroup,
      { referencedSecurityGroupId: this.glueSecurityGroup.id },
      'Spark driver and executors within the Glue job',
      0,
      65535,
    );

    for (const service of props.interfaceEndpoints ?? []) {
      this.interfaceEndpoints[service] = new VpcEndpoint(this, `Endpoint-${service}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.privateSubnets.map((s) => s.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
        tags: { Name: naming.name(service) },
      });
    }

    if (props.natGateway) this.addNatGateway(props, privateRoutes, zones);

    this.addGlueConnections(props);

    this.flowLogGroup = new LakehouseLogGroup(this, 'FlowLogs', {
      logGroupName: naming.logGroup('vpc', 'flow-logs'),
      key: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    const flowLogRole = new ServiceRole(this, 'FlowLogRole', {
      roleName: naming.name('vpc-flow-logs'),
      service: 'vpc-flow-logs.amazonaws.com',
      description: 'VPC flow logs delivery to their log group',
      sourceAccount: naming.accountId,
    });
    this.flowLogGroup.grantWrite(flowLogRole);
    flowLogRole.addToPrincipalPolicy(
      statement(
        ['logs:DescribeLogStreams'],
        [this.flowLogGroup.arn, `${this.flowLogGroup.arn}:log-stream:*`],
      ),
    );
    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: props.flowLogTrafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
  }

  get vpcArn(): string {
    return this.vpc.arn;
  }

  /** Where the Glue jobs run (through the Glue connections). */
  get gluePlacement(): VpcPlacement {
    return {
      vpcArn: this.vpc.arn,
      subnetArns: this.privateSubnets.map((s) => s.arn),
      securityGroupArn: this.glueSecurityGroup.arn,
    };
  }

  /** Where the Lambda functions run. */
  get functionNetwork(): FunctionNetwork {
    return {
      vpcArn: this.vpc.arn,
      subnetIds: this.privateSubnets.map((s) => s.id),
      subnetArns: this.privateSubnets.map((s) => s.arn),
      securityGroupId: this.functionSecurityGroup.id,
      securityGroupArn: this.functionSecurityGroup.arn,
    };
  }

  private gatewayEndpoint(id: string, serviceName: string, routes: RouteTable): VpcEndpoint {
    return new VpcEndpoint(this, `Endpoint-${id}`, {
      vpcId: this.vpc.id,
      serviceName,
      vpcEndpointType: 'Gateway',
      routeTableIds: [routes.id],
    });
  }

  private egress(
    id: string,
    sg: SecurityGroup,
    target: RuleTarget,
    description: string,
    fromPort: number,
    toPort = fromPort,
  ) {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort,
      toPort,
      description,
      ...target,
    });
  }

  private addGlueConnections(props: NetworkProps): void {
    this.privateSubnets.forEach((subnet, i) => {
      const name = props.naming.name('vpc', String(i));
      this.glueConnectionNames.push(name);
      this.glueConnections.push(
        new GlueConnection(this, `GlueConnection${i}`, {
          name,
          description: `Glue jobs in private subnet ${i}`,
          connectionType: 'NETWORK',
          physicalConnectionRequirements: {
            availabilityZone: subnet.availabilityZone,
            subnetId: subnet.id,
            securityGroupIdList: [this.glueSecurityGroup.id],
          },
        }),
      );
    });
  }

  private addNatGateway(
    props: NetworkProps,
    privateRoutes: RouteTable,
    zones: DataAwsAvailabilityZones,
  ): void {
    const { naming } = props;
    const igw = new InternetGateway(this, 'InternetGateway', {
      vpcId: this.vpc.id,
      tags: { Name: naming.name('igw') },
    });
    const publicSubnet = new Subnet(this, 'Public', {
      vpcId: this.vpc.id,
      cidrBlock: subnetCidr(props.cidr, SUBNET_BITS, PUBLIC_SUBNET_INDEX),
      availabilityZone: Fn.element(zones.names, 0),
      mapPublicIpOnLaunch: false,
      tags: { Name: naming.name('public') },
    });
    const publicRoutes = new RouteTable(this, 'PublicRoutes', {
      vpcId: this.vpc.id,
      tags: { Name: naming.name('public') },
    });
    new Route(this, 'PublicDefault', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    new RouteTableAssociation(this, 'PublicRoutesAssociation', {
      subnetId: publicSubnet.id,
      routeTableId: publicRoutes.id,
    });
    const eip = new Eip(this, 'NatAddress', { domain: 'vpc', tags: { Name: naming.name('nat') } });
    const nat = new NatGateway(this, 'Nat', {
      subnetId: publicSubnet.id,
      allocationId: eip.allocationId,
      tags: { Name: naming.name('nat') },
    });
    new Route(this, 'PrivateDefault', {
      routeTableId: privateRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.id,
    });
    for (const [compute, sg] of [
      ['Function', this.functionSecurityGroup],
      ['Glue', this.glueSecurityGroup],
    ] as const) {
      this.egress(
        `${compute}ToInternet`,
        sg,
        { cidrIpv4: '0.0.0.0/0' },
        'HTTPS to the internet through the NAT gateway',
        HTTPS,
      );
    }
  }
}
