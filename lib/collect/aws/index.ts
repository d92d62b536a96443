// Public entry of the AWS IAM import: `aws iam get-account-authorization-details` output.
export { collectFromAwsAuthorizationDetails, type CollectFromAwsOptions } from './collect-from-aws-authorization-details';
