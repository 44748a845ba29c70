// The pipeline's steps, each over ports with a typed input and output. A separate entry point
// (`@lakehouse/pipeline/steps`) so that a Lambda bundle takes them without the local runner and
// its engine (DuckDB is a native module no function ships).
export * from './run-files';
export * from './register-arrivals';
export * from './decide-run-start';
export * from './claim-run';
export * from './validate-file';
export * from './mark-run-failed';
export * from './run-documents';
export * from './settle-run';
export * from './catalog-tables';
export * from './notify-run';
export * from './verify-tables';
