export * from './free-port';
export * from './running-server';
export * from './dynamodb-local';
export * from './dynalite-server';
export * from './backends';
export * from './parquet-table';
export * from './recording-logger';
export * from './csv-arbitraries';
