// One server per Jest run of a project, shared by its test files: the global setup starts it and
// exports its endpoint to the workers through the environment; the teardown stops it.
import type { RunningServer } from '../running-server';

const handles = globalThis as Record<string, unknown>;

export async function startSharedServer(
  endpointVariable: string,
  start: () => Promise<RunningServer>,
): Promise<void> {
  if (process.env[endpointVariable]) return; // an outer runner already provides one
  const server = await start();
  process.env[endpointVariable] = server.endpoint;
  handles[`__lakehouse:${endpointVariable}`] = server;
}

export async function stopSharedServer(endpointVariable: string): Promise<void> {
  const server = handles[`__lakehouse:${endpointVariable}`] as RunningServer | undefined;
  if (!server) return;
  await server.close();
  delete process.env[endpointVariable];
  delete handles[`__lakehouse:${endpointVariable}`];
}
