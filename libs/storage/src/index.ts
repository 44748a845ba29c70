export * from './zones';
export * from './errors';
export * from './keys';
export * from './locator';
export * from './object-store';
export * from './s3-errors';
export * from './s3-object-store';
export * from './local-folder-object-store';
