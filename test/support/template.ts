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

/**
 * A template with something for most rules: roles trusted by one service and handed to another, PassRole
 * grants with and without iam:PassedToService, a managed policy attached to a role (its Deny counts for the
 * role's own policy), typos, a duplicate Sid, a wildcard principal, an invalid ARN.
 */
export function mixedTemplate(count: number): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const service = i % 3 === 0 ? 'ecs-tasks.amazonaws.com' : 'lambda.amazonaws.com';
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' },
            ...(i % 4 === 1 ? [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] : []),
          ],
        },
        Policies: [
          {
            PolicyName: `inline${i}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
                { Sid: i % 2 ? 'Pass' : 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObject', i % 5 === 2 ? 's3:GetObjekt' : 's3:PutObject'], Resource: i % 3 === 2 ? 'arn:aws:s3:bucket' : `arn:aws:s3:::bucket-${i}/*` },
              ],
            },
          },
        ],
      },
    };
    resources[`Guard${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Roles: [{ Ref: `Role${i}` }],
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: i % 2 ? 'Deny' : 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }] },
      },
    };
    resources[`Deployer${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['lambda:CreateFunction', 'ecs:RunTask'], Resource: '*' },
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
          ],
        },
      },
    };
    resources[`Function${i}`] = {
      Type: 'AWS::Lambda::Function',
      Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': [`Role${(i + 1) % count}`, 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => {}' } },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
}
