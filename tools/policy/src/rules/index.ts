import type { Rule } from '../rule';
import { lambdaRules, vpcRules } from './compute';
import {
  athenaRules,
  dynamodbRules,
  glueRules,
  kmsRules,
  logsRules,
  messagingRules,
  stepFunctionsRules,
} from './data-services';
import { iamRules } from './iam';
import { s3Rules } from './s3';

/** Every rule of the suite. */
export const RULES: readonly Rule[] = [
  ...s3Rules,
  ...kmsRules,
  ...dynamodbRules,
  ...lambdaRules,
  ...messagingRules,
  ...glueRules,
  ...stepFunctionsRules,
  ...logsRules,
  ...vpcRules,
  ...iamRules,
  ...athenaRules,
];
