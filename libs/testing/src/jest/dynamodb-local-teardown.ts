import { DYNAMODB_LOCAL_ENDPOINT_ENV } from '../backends';
import { stopSharedServer } from './shared-server';

export default function teardown(): Promise<void> {
  return stopSharedServer(DYNAMODB_LOCAL_ENDPOINT_ENV);
}
