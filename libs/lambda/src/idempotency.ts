/**
 * The Powertools idempotency table's attributes: the defaults of `DynamoDBPersistenceLayer`
 * (`keyAttr`, `expiryAttr`), named once so the handler and the table infra creates agree.
 */
export const IDEMPOTENCY_TABLE = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;
