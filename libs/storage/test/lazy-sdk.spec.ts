import { join } from 'node:path';
import { packagesLoadedBy } from '@lakehouse/testing';

it('loads neither the S3 client nor lib-storage when imported, only on first use', async () => {
  const loaded = await packagesLoadedBy(join(__dirname, '..', 'src', 'index.ts'));
  expect(loaded.filter((name) => /^@aws-sdk\/(client-|lib-)/.test(name))).toEqual([]);
}, 120_000);
