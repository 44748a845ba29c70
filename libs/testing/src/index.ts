export * from './free-port';
export * from './running-server';
export * from './dynamodb-local';
export * from './dynalite-server';
export * from './backends';
export * from './fauxqs';
