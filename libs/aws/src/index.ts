export * from './client-config';
export * from './errors';
export * from './transient';
export * from './retry';
