// Jest setupFiles for the Lambda apps' tests: Powertools reads these when the shared instances are
// created, so the JSON logs and EMF blobs of every invocation do not flood the test output.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
