// Jest globalSetup: one fauxqs process for all test files of a project. Workers inherit its
// endpoint through the environment; fauxqsForTests picks it up.
import { FAUXQS_ENDPOINT_ENV, startFauxqs } from '../fauxqs';
import { startSharedServer } from './shared-server';

export default function setup(): Promise<void> {
  return startSharedServer(FAUXQS_ENDPOINT_ENV, () => startFauxqs());
}
