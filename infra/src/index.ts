// The CDK for Terraform app of the lakehouse. Every cdktf import of the workspace lives in this
// project and in environments/ (see README: moving to the cdktn fork).
export * from './config/define-environment';
export * from './config/environment-config';
export { loadPollingFor, MAX_LOAD_POLLS } from './orchestration/orchestration';
export * from './stack/lakehouse-stack';
export * from './stack/lakehouse-stack-props';
export * from './stack/lambda-apps';
export * from './stack/synth-environment';
