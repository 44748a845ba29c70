// Jest globalSetup for projects that need both DynamoDB Local and fauxqs (Jest takes one setup file).
import dynamoDbLocalSetup from './dynamodb-local-setup';
import fauxqsSetup from './fauxqs-setup';

export default async function setup(): Promise<void> {
  await Promise.all([dynamoDbLocalSetup(), fauxqsSetup()]);
}
