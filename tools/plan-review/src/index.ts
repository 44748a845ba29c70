/** What other delivery tools use of the plan review: the reader of saved Terraform plans. */
export { parsePlan, readPlan, type Change, type ResourceChange, type TerraformPlan } from './plan-document';
