import { DYNAMODB_LOCAL_ENDPOINT_ENV } from '../backends';
import type { RunningServer } from '../running-server';
import { SHARED_SERVER_KEY } from './dynamodb-local-setup';

export default async function teardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>)[SHARED_SERVER_KEY] as RunningServer | undefined;
  if (!server) return;
  await server.close();
  delete process.env[DYNAMODB_LOCAL_ENDPOINT_ENV];
  delete (globalThis as Record<string, unknown>)[SHARED_SERVER_KEY];
}
