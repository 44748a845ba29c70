export * from './rule';
export * from './run';
export * from './stack';
export * from './rules';
export * from './unscoped-actions';
