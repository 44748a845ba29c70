export * from './powertools';
export * from './malformed-event';
export * from './handler';
export * from './environment';
export * from './clients';
export * from './idempotency';
