export * from './errors';
export * from './reader';
export * from './verdict';
export * from './row-checker';
export * from './validate';
export * from './sinks';
export * from './file-verdicts';
export * from './line-endings';
