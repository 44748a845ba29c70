import dynamoDbLocalTeardown from './dynamodb-local-teardown';
import fauxqsTeardown from './fauxqs-teardown';

export default async function teardown(): Promise<void> {
  await Promise.all([dynamoDbLocalTeardown(), fauxqsTeardown()]);
}
