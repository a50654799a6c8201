// Generated CloudFormation templates for the large-document tests.

/** A template of `count` role/policy pairs; the last policy passes its role to any service on `*`. */
export function template(count: number): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    };
    const last = i === count - 1;
    resources[`Deployer${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['lambda:CreateFunction', 's3:GetObject'], Resource: `arn:aws:s3:::bucket-${i}/*` },
            last
              ? { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }
              : { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
          ],
        },
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
}
