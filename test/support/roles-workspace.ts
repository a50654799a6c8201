// Files of a small workspace for the tests of roles across files (check, fix, graph): a policy that passes
// BuildRole to CodeBuild, a trust policy for it, and two templates where one hands the other's role to Lambda.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["codebuild:CreateProject", "codebuild:StartBuild"], "Resource": "*" },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::111122223333:role/BuildRole",
      "Condition": { "StringEquals": { "iam:PassedToService": "codebuild.amazonaws.com" } }
    }
  ]
}
`;

/** A trust policy that trusts one service. */
export const trust = (service: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "${service}" }, "Action": "sts:AssumeRole" }
  ]
}
`;

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The 0-based range of the first occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string): Range {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  return { start: pos(offset), end: pos(offset + needle.length) };
}

export const ROLES_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-function
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - states.amazonaws.com
            Action: sts:AssumeRole
Outputs:
  FunctionRoleArn:
    Value: !GetAtt FunctionRole.Arn
    Export:
      Name: orders-function-role-arn
`;

export const APP_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !ImportValue orders-function-role-arn
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: worker.handler
      Runtime: python3.12
      Role: arn:aws:iam::111122223333:role/orders-function
`;

/** A temporary folder with these files (path → text), added to `made` for removal; returns the folder. */
export function workspaceDir(made: string[], files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-role-lens-ws-'));
  made.push(dir);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}
