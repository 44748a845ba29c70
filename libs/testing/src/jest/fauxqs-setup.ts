// Jest globalSetup: one fauxqs process for all test files of a project. Workers inherit its
// endpoint through the environment; fauxqsForTests picks it up.
import { FAUXQS_ENDPOINT_ENV, startFauxqs } from '../fauxqs';
import type { RunningServer } from '../running-server';

export const SHARED_FAUXQS_KEY = '__lakehouseFauxqs';

export default async function setup(): Promise<void> {
  if (process.env[FAUXQS_ENDPOINT_ENV]) return; // an outer runner already provides one
  const server: RunningServer = await startFauxqs();
  process.env[FAUXQS_ENDPOINT_ENV] = server.endpoint;
  (globalThis as Record<string, unknown>)[SHARED_FAUXQS_KEY] = server;
}
