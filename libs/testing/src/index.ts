export * from './free-port';
export * from './running-server';
export * from './dynamodb-local';
export * from './dynalite-server';
export * from './backends';
export * from './fauxqs';
export * from './loaded-packages';
export * from './recording-logger';
