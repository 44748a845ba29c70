import { join } from 'node:path';
import { packagesLoadedBy } from '@lakehouse/testing';

const sdkClients = (packages: string[]) => packages.filter((name) => /^@aws-sdk\/(client-|lib-)/.test(name));

it('loads no AWS SDK client when imported: each adapter loads its own on first use', async () => {
  const [library, control] = await Promise.all([
    packagesLoadedBy(join(__dirname, '..', 'src', 'index.ts')),
    packagesLoadedBy(join(__dirname, 'fixtures', 'eager-sns.ts')),
  ]);
  expect(sdkClients(control)).toEqual(['@aws-sdk/client-sns']);
  expect(sdkClients(library)).toEqual([]);
}, 120_000);
