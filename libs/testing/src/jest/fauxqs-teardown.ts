import { FAUXQS_ENDPOINT_ENV } from '../fauxqs';
import { stopSharedServer } from './shared-server';

export default function teardown(): Promise<void> {
  return stopSharedServer(FAUXQS_ENDPOINT_ENV);
}
