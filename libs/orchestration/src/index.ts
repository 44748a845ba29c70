export * from './asl';
export * from './state-document';
export * from './retry-policy';
export * from './job-arguments';
export * from './state-machine';
export * from './glue-workflow';
