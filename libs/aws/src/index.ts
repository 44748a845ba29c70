export * from './client-config';
export * from './errors';
export * from './transient';
export * from './retry';
export * from './poll';
export * from './notifier';
export * from './sns-notifier';
export * from './local-folder-notifier';
