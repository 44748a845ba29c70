import { isSecretPath, NOT_SET, renderChange, renderValue, SENSITIVE } from './masking';

describe('renderValue', () => {
  it.each([
    ['password'],
    ['master_password'],
    ['environment.variables.PARTNER_API_TOKEN'],
    ['environment[0].variables["db-secret"]'],
    ['secret_string'],
    ['private_key'],
  ])('masks the value of %s', (path) => {
    expect(isSecretPath(path)).toBe(true);
    expect(renderValue(path, 'hunter2')).toBe(SENSITIVE);
  });

  it.each([['secret_arn'], ['kms_key_id'], ['token_name'], ['name']])(
    'shows %s, which only points at one',
    (path) => {
      expect(renderValue(path, 'visible')).toBe('"visible"');
    },
  );

  it('masks values that are credentials whatever the argument is called', () => {
    expect(renderValue('description', 'key AKIAABCDEFGHIJKLMNOP')).toBe(SENSITIVE);
    expect(renderValue('body', '-----BEGIN RSA PRIVATE KEY-----\nMII')).toBe(SENSITIVE);
  });

  it('shows a reference as what it refers to, never a value', () => {
    expect(renderValue('kms_key_id', '${aws_kms_key.data.arn}')).toBe(
      '(known after apply: aws_kms_key.data.arn)',
    );
    expect(renderValue('resources[1]', '${aws_s3_bucket.raw.arn}/*')).toBe(
      '"(known after apply: aws_s3_bucket.raw.arn)/*"',
    );
    expect(renderValue('policy', '${jsonencode({a = {b = 1}})}')).toBe(
      '(known after apply: jsonencode({a = {b = 1}}))',
    );
  });

  it('masks inside a container shown whole', () => {
    expect(renderValue('subnet_ids', ['${aws_subnet.a.id}', 'subnet-1'])).toBe(
      '["(known after apply: aws_subnet.a.id)","subnet-1"]',
    );
    expect(renderValue('variables', { API_TOKEN: 'x', LEVEL: 'INFO' })).toBe(
      '{"API_TOKEN":"(sensitive)","LEVEL":"INFO"}',
    );
  });

  it('marks an argument that is not set, and shortens long values', () => {
    expect(renderValue('a', undefined)).toBe(NOT_SET);
    const long = renderValue('description', 'x'.repeat(500));
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('renderChange', () => {
  const services = (names: string[]) => names.map((name) => `${name}.eu-west-1.amazonaws.com`);
  const before = services(['s3', 'sqs', 'sns', 'glue', 'lambda', 'states', 'scheduler', 'athena']);

  it('shows two short lists whole', () => {
    expect(renderChange('Action', ['s3:GetObject'], ['s3:GetObject', 's3:*'])).toEqual([
      '["s3:GetObject"]',
      '["s3:GetObject","s3:*"]',
    ]);
  });

  it('shows the items added and removed when the lists are too long to show whole', () => {
    expect(renderChange('kms:ViaService', before, [...before, ...services(['firehose'])])).toEqual([
      '8 items',
      '9 items, + ["firehose.eu-west-1.amazonaws.com"]',
    ]);
    expect(renderChange('kms:ViaService', before, [...before.slice(1), ...services(['kinesis'])])).toEqual([
      '8 items, − ["s3.eu-west-1.amazonaws.com"]',
      '8 items, + ["kinesis.eu-west-1.amazonaws.com"]',
    ]);
    expect(renderChange('kms:ViaService', before, [...before].reverse())).toEqual([
      '8 items',
      '8 items, reordered',
    ]);
  });

  it('masks the items of a secret list and references inside the items', () => {
    expect(renderChange('api_tokens', before, [...before, 'x'])).toEqual([SENSITIVE, SENSITIVE]);
    expect(renderChange('resources', before, [...before, '${aws_s3_bucket.raw.arn}'])[1]).toBe(
      '9 items, + ["(known after apply: aws_s3_bucket.raw.arn)"]',
    );
  });
});
