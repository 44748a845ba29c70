/**
 * What a bundle's SDK clients get in place of `@aws-sdk/credential-provider-node`'s chain. Lambda
 * puts the execution role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the chain's SSO, STS, web-identity, INI, process
 * and container providers — and the nested STS and SSO clients they bring — are never used.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
