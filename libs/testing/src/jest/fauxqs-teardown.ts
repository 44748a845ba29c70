import { FAUXQS_ENDPOINT_ENV } from '../fauxqs';
import type { RunningServer } from '../running-server';
import { SHARED_FAUXQS_KEY } from './fauxqs-setup';

export default async function teardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>)[SHARED_FAUXQS_KEY] as RunningServer | undefined;
  if (!server) return;
  await server.close();
  delete process.env[FAUXQS_ENDPOINT_ENV];
  delete (globalThis as Record<string, unknown>)[SHARED_FAUXQS_KEY];
}
