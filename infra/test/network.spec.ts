import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { GlueConnection } from '@cdktf/provider-aws/lib/glue-connection';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { subnetCidr } from '../src/core/cidr';
import { Kms } from '../src/kms/kms';
import { Network } from '../src/network/network';
import type { NetworkProps } from '../src/network/network-props';
import { ACCOUNT, REGION, naming, policyOf, resources, synth, testStack } from './support';

function networkStack(props: Partial<NetworkProps> = {}) {
  const stack = testStack();
  const kms = new Kms(stack, 'Kms', { naming });
  const network = new Network(stack, 'Network', {
    naming,
    cidr: '10.20.0.0/16',
    azCount: 3,
    interfaceEndpoints: ['glue', 'kms', 'states'],
    logsKey: kms.logs,
    logRetentionDays: 30,
    ...props,
  });
  const text = synth(stack);
  return { stack, network, text, json: JSON.parse(text) };
}

describe('Network', () => {
  const { text, json } = networkStack();

  it('makes one private subnet per AZ from the VPC range, with no route to the internet', () => {
    const subnets = Object.values(resources(json, 'aws_subnet'));
    expect(subnets.map((s) => s.cidr_block)).toEqual(['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19']);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(resources(json, 'aws_route')).toEqual({});
    expect(resources(json, 'aws_internet_gateway')).toEqual({});
    expect(resources(json, 'aws_nat_gateway')).toEqual({});
  });

  it('reaches S3 and DynamoDB through gateway endpoints and the configured services through interface endpoints', () => {
    expect(text).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: `com.amazonaws.${REGION}.s3`,
      vpc_endpoint_type: 'Gateway',
    });
    expect(text).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: `com.amazonaws.${REGION}.dynamodb`,
      vpc_endpoint_type: 'Gateway',
    });
    const interfaces = Object.values(resources(json, 'aws_vpc_endpoint')).filter(
      (e) => e.vpc_endpoint_type === 'Interface',
    );
    expect(interfaces.map((e) => e.service_name)).toEqual(
      ['glue', 'kms', 'states'].map((s) => `com.amazonaws.${REGION}.${s}`),
    );
    expect(
      interfaces.every((e) => e.private_dns_enabled === true && (e.subnet_ids as unknown[]).length === 3),
    ).toBe(true);
  });

  it('locks the default security group down and describes every rule', () => {
    const defaults = Object.values(resources(json, 'aws_default_security_group'));
    expect(defaults).toHaveLength(1);
    expect(defaults[0].ingress).toBeUndefined();
    expect(defaults[0].egress).toBeUndefined();
    expect(text).toHaveResourceWithProperties(DefaultSecurityGroup, { revoke_rules_on_delete: true });
    const rules = [
      ...Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')),
      ...Object.values(resources(json, 'aws_vpc_security_group_egress_rule')),
    ];
    expect(rules.length).toBeGreaterThan(0);
    expect(
      rules.every((r) => typeof r.description === 'string' && (r.description as string).length > 0),
    ).toBe(true);
    expect(rules.some((r) => r.cidr_ipv4 === '0.0.0.0/0')).toBe(false);
  });

  it('gives the Glue group its self-referencing rule and one NETWORK connection per subnet', () => {
    expect(text).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: expect.stringContaining('GlueSecurityGroup'),
      referenced_security_group_id: expect.stringContaining('GlueSecurityGroup'),
      ip_protocol: 'tcp',
      from_port: 0,
      to_port: 65535,
    });
    const connections = Object.values(resources(json, 'aws_glue_connection'));
    expect(connections).toHaveLength(3);
    expect(text).toHaveResourceWithProperties(GlueConnection, {
      connection_type: 'NETWORK',
      name: 'lakehouse-test-vpc-0',
    });
  });

  it('logs all traffic into an encrypted group through a role scoped to that group', () => {
    expect(text).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
    });
    const group = Object.values(resources(json, 'aws_cloudwatch_log_group'))[0];
    expect(group).toMatchObject({
      name: '/lakehouse/test/vpc/flow-logs',
      retention_in_days: 30,
      kms_key_id: expect.stringContaining('Kms_Logs'),
    });
    const trust = policyOf(Object.values(resources(json, 'aws_iam_role'))[0], 'assume_role_policy');
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    const policy = policyOf(Object.values(resources(json, 'aws_iam_role_policy'))[0]);
    for (const s of policy.Statement) {
      for (const r of s.Resource as string[])
        expect(r).toMatch(/^\$\{aws_cloudwatch_log_group\.Network_FlowLogs/);
    }
  });

  it('adds a NAT gateway and HTTPS egress only when asked', () => {
    const { json: nat } = networkStack({ natGateway: true, azCount: 2 });
    expect(Object.keys(resources(nat, 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.values(resources(nat, 'aws_route')).map((r) => r.destination_cidr_block)).toEqual([
      '0.0.0.0/0',
      '0.0.0.0/0',
    ]);
    const internet = Object.values(resources(nat, 'aws_vpc_security_group_egress_rule')).filter(
      (r) => r.cidr_ipv4 === '0.0.0.0/0',
    );
    expect(internet.map((r) => [r.from_port, r.to_port])).toEqual([
      [443, 443],
      [443, 443],
    ]);
  });

  it('refuses an AZ count and a range it cannot serve, naming the construct', () => {
    expect(() => networkStack({ azCount: 7, cidr: '10.0.0.0/24' })).toThrow(
      'Network (test/Network): azCount must be an integer from 1 to 6 (got 7); cidr 10.0.0.0/24 must be an IPv4 range from /16 to /22',
    );
  });
});

describe('subnetCidr', () => {
  it('splits like Terraform cidrsubnet', () => {
    expect(subnetCidr('10.20.0.0/16', 3, 0)).toBe('10.20.0.0/19');
    expect(subnetCidr('10.20.0.0/16', 3, 7)).toBe('10.20.224.0/19');
    expect(subnetCidr('172.16.4.0/22', 3, 5)).toBe('172.16.6.128/25');
    expect(subnetCidr('10.20.1.2/16', 4, 1)).toBe('10.20.16.0/20');
  });

  it('refuses an index or size out of range', () => {
    expect(() => subnetCidr('10.0.0.0/16', 3, 8)).toThrow(
      '10.0.0.0/16 has 8 subnets of /19; index 8 is out of range',
    );
    expect(() => subnetCidr('10.0.0.0/30', 3, 0)).toThrow('cannot split 10.0.0.0/30 into /33 subnets');
  });
});
