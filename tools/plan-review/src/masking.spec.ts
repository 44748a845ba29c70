import { isSecretPath, NOT_SET, renderValue, SENSITIVE } from './masking';

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
