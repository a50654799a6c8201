// Workspaces whose roles cross a link between files: a CloudFormation parent with local nested stacks, and a
// Terraform root module with local modules (one hands a role in through a variable, one hands a role out
// through an output, its trust policy a JSON file read with file()). Paths are relative to the workspace root.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const trustJson = (service: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "${service}" }, "Action": "sts:AssumeRole" }
  ]
}
`;

export const PARENT = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - states.amazonaws.com
            Action: sts:AssumeRole
  App:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./stacks/app.yaml
      Parameters:
        FunctionRoleArn: !GetAtt FunctionRole.Arn
  Roles:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/roles.yaml
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt Roles.Outputs.WorkerRoleArn
      Code:
        ZipFile: 'def handler(e, c): pass'
`;

export const CHILD_APP = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  FunctionRoleArn:
    Type: String
Resources:
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !Ref FunctionRoleArn
      Code:
        ZipFile: 'def handler(e, c): pass'
`;

export const CHILD_ROLES = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - ecs-tasks.amazonaws.com
            Action: sts:AssumeRole
Outputs:
  WorkerRoleArn:
    Value: !GetAtt WorkerRole.Arn
`;

/** The nested-stack workspace: file → text. */
export const STACKS: Record<string, string> = { 'parent.yaml': PARENT, 'stacks/app.yaml': CHILD_APP, 'stacks/roles.yaml': CHILD_ROLES };

export const ROOT_TF = `resource "aws_iam_role" "fn" {
  name = "orders-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["states.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
}

module "fn" {
  source   = "./modules/fn"
  role_arn = aws_iam_role.fn.arn
}

module "roles" {
  source = "./modules/roles"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = module.roles.worker_role_arn
}
`;

export const FN_TF = `variable "role_arn" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name = "orders"
  role          = var.role_arn
}
`;

export const ROLES_TF = `resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = file("\${path.module}/trust.json")
}
`;

export const ROLES_OUTPUTS_TF = `output "worker_role_arn" {
  value = aws_iam_role.worker.arn
}
`;

export const WORKER_TRUST = trustJson('ecs-tasks.amazonaws.com');

/** The Terraform workspace: file → text. */
export const MODULES: Record<string, string> = {
  'infra/main.tf': ROOT_TF,
  'infra/modules/fn/main.tf': FN_TF,
  'infra/modules/roles/main.tf': ROLES_TF,
  'infra/modules/roles/outputs.tf': ROLES_OUTPUTS_TF,
  'infra/modules/roles/trust.json': WORKER_TRUST,
};

/** Writes files under a folder. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}
