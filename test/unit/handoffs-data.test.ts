// The hand-off data (server/data/handoffs.json): that it still says what the installed
// @aws-cdk/aws-service-spec says, that the hand-offs the rules rely on are there with a principal, that every
// principal is one the project knows, and that the loader walks paths over a parsed template.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import {
  handoffDataInfo,
  handoffResourceTypes,
  handoffsFor,
  parseHandoffPath,
  terraformHandoffResourceTypes,
  terraformHandoffsFor,
  valuesAtHandoffPath,
  type HandoffSpec,
} from '../../server/src/engine/iam/handoffs';
import { ROOT } from '../support/paths';

const RUN_SCRIPT = 'run `node scripts/data/handoffs.mjs` and review the diff of server/data/handoffs.json';
const specVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@aws-cdk', 'aws-service-spec', 'package.json'), 'utf8')) as { version: string }).version;

/** `AWS::Events::Rule Targets[].RoleArn AWS::IAM::Role.Arn` for every role or instance-profile reference of the spec. */
function relationshipsOfTheSpec(): Set<string> {
  const db = loadAwsServiceSpecSync();
  const found = new Set<string>();
  type T = { type: string; element?: T; types?: T[]; reference?: { $ref: string } };
  type P = Record<string, { type: T; relationshipRefs?: { cloudFormationType: string; propertyName: string }[] }>;
  const visit = (resourceType: string, props: P, prefix: string, seen: ReadonlySet<string>): void => {
    for (const [name, prop] of Object.entries(props)) {
      const leaves: [string, T][] = [];
      const unwrap = (t: T, suffix: string): void => {
        if (t.type === 'array') unwrap(t.element!, `${suffix}[]`);
        else if (t.type === 'map') unwrap(t.element!, `${suffix}{}`);
        else if (t.type === 'union') t.types!.forEach((u) => unwrap(u, suffix));
        else leaves.push([suffix, t]);
      };
      unwrap(prop.type, '');
      for (const r of prop.relationshipRefs ?? []) {
        if (r.cloudFormationType !== 'AWS::IAM::Role' && r.cloudFormationType !== 'AWS::IAM::InstanceProfile') continue;
        found.add(`${resourceType} ${prefix}${name}${leaves[0]![0]} ${r.cloudFormationType}.${r.propertyName}`);
      }
      for (const [suffix, t] of leaves) {
        if (t.type !== 'ref') continue;
        const def = db.get('typeDefinition', t.reference!.$ref) as unknown as { $id: string; properties: P };
        if (!seen.has(def.$id)) visit(resourceType, def.properties, `${prefix}${name}${suffix}.`, new Set([...seen, def.$id]));
      }
    }
  };
  for (const r of db.all('resource')) visit(r.cloudFormationType, r.properties, '', new Set());
  return found;
}

test('the CloudFormation properties that hold a role are exactly the relationships of the installed spec package', () => {
  assert.equal(handoffDataInfo().spec.name, '@aws-cdk/aws-service-spec');
  assert.equal(handoffDataInfo().spec.version, specVersion, `handoffs.json was made from spec ${handoffDataInfo().spec.version}, ${specVersion} is installed: ${RUN_SCRIPT}`);
  const inData = new Set<string>();
  for (const type of handoffResourceTypes()) for (const h of handoffsFor(type)) for (const r of h.refs) inData.add(`${type} ${h.path} ${r}`);
  const spec = relationshipsOfTheSpec();
  const added = [...spec].filter((k) => !inData.has(k));
  const removed = [...inData].filter((k) => !spec.has(k));
  assert.deepEqual(added, [], `the spec marks role properties the data lacks: ${RUN_SCRIPT}`);
  assert.deepEqual(removed, [], `the data has role properties the spec no longer marks: ${RUN_SCRIPT}`);
  assert.ok(spec.size > 150, `only ${spec.size} relationships found: did the spec's format change?`);
  // Every entry the spec marks has been classified (a principal, or null with the reason).
  const unclassified = handoffResourceTypes().flatMap((t) => handoffsFor(t).filter((h) => h.reason?.startsWith('unclassified')).map((h) => `${t} ${h.path}`));
  assert.deepEqual(unclassified, [], 'properties without a principal entry: add them to scripts/data/handoff-principals.json');
});

test('the data file is what its generator makes of the spec and the principal table', () => {
  const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'data', 'handoffs.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

const principalOf = (type: string, p: string, when?: Record<string, string>): readonly string[] | null | undefined => {
  const h = handoffsFor(type).find((e) => e.path === p && (!when || JSON.stringify(e.when) === JSON.stringify(when)));
  return h ? h.principals : undefined;
};

test('every required CloudFormation and SAM hand-off is there, with the principal that assumes the role', () => {
  const required: [string, string, string][] = [
    ['AWS::Lambda::Function', 'Role', 'lambda.amazonaws.com'],
    ['AWS::Batch::ComputeEnvironment', 'ServiceRole', 'batch.amazonaws.com'],
    ['AWS::Batch::ComputeEnvironment', 'ComputeResources.InstanceRole', 'ec2.amazonaws.com'],
    ['AWS::Batch::JobDefinition', 'ContainerProperties.JobRoleArn', 'ecs-tasks.amazonaws.com'],
    ['AWS::Batch::JobDefinition', 'ContainerProperties.ExecutionRoleArn', 'ecs-tasks.amazonaws.com'],
    ['AWS::Batch::JobDefinition', 'EcsProperties.TaskProperties[].TaskRoleArn', 'ecs-tasks.amazonaws.com'],
    ['AWS::ECS::TaskDefinition', 'TaskRoleArn', 'ecs-tasks.amazonaws.com'],
    ['AWS::ECS::TaskDefinition', 'ExecutionRoleArn', 'ecs-tasks.amazonaws.com'],
    ['AWS::IAM::InstanceProfile', 'Roles[]', 'ec2.amazonaws.com'],
    ['AWS::EC2::Instance', 'IamInstanceProfile', 'ec2.amazonaws.com'],
    ['AWS::EC2::LaunchTemplate', 'LaunchTemplateData.IamInstanceProfile.Arn', 'ec2.amazonaws.com'],
    ['AWS::EC2::LaunchTemplate', 'LaunchTemplateData.IamInstanceProfile.Name', 'ec2.amazonaws.com'],
    ['AWS::EKS::Nodegroup', 'NodeRole', 'ec2.amazonaws.com'],
    ['AWS::EMR::Cluster', 'JobFlowRole', 'ec2.amazonaws.com'],
    ['AWS::EMR::Cluster', 'ServiceRole', 'elasticmapreduce.amazonaws.com'],
    ['AWS::CodeBuild::Project', 'ServiceRole', 'codebuild.amazonaws.com'],
    ['AWS::CodePipeline::Pipeline', 'RoleArn', 'codepipeline.amazonaws.com'],
    ['AWS::StepFunctions::StateMachine', 'RoleArn', 'states.amazonaws.com'],
    ['AWS::Events::Rule', 'Targets[].RoleArn', 'events.amazonaws.com'],
    ['AWS::Scheduler::Schedule', 'Target.RoleArn', 'scheduler.amazonaws.com'],
    ['AWS::Glue::Job', 'Role', 'glue.amazonaws.com'],
    ['AWS::Glue::Crawler', 'Role', 'glue.amazonaws.com'],
    ['AWS::SageMaker::NotebookInstance', 'RoleArn', 'sagemaker.amazonaws.com'],
    ['AWS::SageMaker::Model', 'ExecutionRoleArn', 'sagemaker.amazonaws.com'],
    ['AWS::SageMaker::Domain', 'DefaultUserSettings.ExecutionRole', 'sagemaker.amazonaws.com'],
    ['AWS::EKS::Cluster', 'RoleArn', 'eks.amazonaws.com'],
    ['AWS::KinesisFirehose::DeliveryStream', 'ExtendedS3DestinationConfiguration.RoleARN', 'firehose.amazonaws.com'],
    ['AWS::KinesisFirehose::DeliveryStream', 'KinesisStreamSourceConfiguration.RoleARN', 'firehose.amazonaws.com'],
    ['AWS::AppSync::DataSource', 'ServiceRoleArn', 'appsync.amazonaws.com'],
    ['AWS::ApiGateway::Account', 'CloudWatchRoleArn', 'apigateway.amazonaws.com'],
    ['AWS::Config::ConfigurationRecorder', 'RoleARN', 'config.amazonaws.com'],
    ['AWS::Logs::SubscriptionFilter', 'RoleArn', 'logs.amazonaws.com'],
    ['AWS::IoT::TopicRule', 'TopicRulePayload.Actions[].S3.RoleArn', 'iot.amazonaws.com'],
    ['AWS::IoT::TopicRule', 'TopicRulePayload.ErrorAction.Kinesis.RoleArn', 'iot.amazonaws.com'],
    ['AWS::AppRunner::Service', 'InstanceConfiguration.InstanceRoleArn', 'tasks.apprunner.amazonaws.com'],
    ['AWS::AppRunner::Service', 'SourceConfiguration.AuthenticationConfiguration.AccessRoleArn', 'build.apprunner.amazonaws.com'],
    ['AWS::Bedrock::Agent', 'AgentResourceRoleArn', 'bedrock.amazonaws.com'],
    ['AWS::DataSync::LocationS3', 'S3Config.BucketAccessRoleArn', 'datasync.amazonaws.com'],
    ['AWS::DMS::Endpoint', 'S3Settings.ServiceAccessRoleArn', 'dms.amazonaws.com'],
    ['AWS::Serverless::Function', 'Role', 'lambda.amazonaws.com'],
    ['AWS::Serverless::StateMachine', 'Role', 'states.amazonaws.com'],
    ['AWS::Serverless::Api', 'Auth.Authorizers{}.FunctionInvokeRole', 'apigateway.amazonaws.com'],
    ['AWS::Serverless::HttpApi', 'Auth.Authorizers{}.FunctionInvokeRole', 'apigateway.amazonaws.com'],
  ];
  const missing = required.filter(([type, p, principal]) => !principalOf(type, p)?.includes(principal)).map((r) => r.join(' '));
  assert.deepEqual(missing, []);
  // Roles assumed by something other than the owning service say so.
  assert.deepEqual(principalOf('AWS::ECS::TaskDefinition', 'TaskRoleArn'), ['ecs-tasks.amazonaws.com']);
  assert.deepEqual(principalOf('AWS::EKS::Nodegroup', 'NodeRole'), ['ec2.amazonaws.com']);
  assert.deepEqual(principalOf('AWS::Batch::ComputeEnvironment', 'ComputeResources.InstanceRole'), ['ec2.amazonaws.com']);
  // Not every role reference is a hand-off to a service.
  assert.equal(principalOf('AWS::CodePipeline::Pipeline', 'Stages[].Actions[].RoleArn'), null);
  assert.equal(principalOf('AWS::IAM::ManagedPolicy', 'Roles[]'), null);
  for (const type of handoffResourceTypes()) for (const h of handoffsFor(type)) if (h.principals === null) assert.ok(h.reason && h.reason.length > 20, `${type} ${h.path}: null principal without a reason`);
  // One property, two meanings, told apart by `when`.
  assert.deepEqual(principalOf('AWS::DataPipeline::Pipeline', 'PipelineObjects[].Fields[].StringValue', { Key: 'role' }), ['datapipeline.amazonaws.com']);
  assert.deepEqual(principalOf('AWS::DataPipeline::Pipeline', 'PipelineObjects[].Fields[].StringValue', { Key: 'resourceRole' }), ['ec2.amazonaws.com']);
});

test('what a property expects comes from the relationship: a role ARN, a role name, an instance profile', () => {
  const expects = (type: string, p: string) => handoffsFor(type).find((h) => h.path === p)?.expects;
  assert.deepEqual(expects('AWS::Lambda::Function', 'Role'), ['arn']);
  assert.deepEqual(expects('AWS::ECS::TaskDefinition', 'TaskRoleArn'), ['arn', 'name']);
  assert.deepEqual(expects('AWS::IAM::InstanceProfile', 'Roles[]'), ['name']);
  assert.deepEqual(expects('AWS::EC2::Instance', 'IamInstanceProfile'), ['instance-profile-name']);
  assert.deepEqual(expects('AWS::EC2::LaunchTemplate', 'LaunchTemplateData.IamInstanceProfile.Arn'), ['instance-profile-arn']);
  assert.deepEqual(expects('AWS::Batch::ComputeEnvironment', 'ComputeResources.InstanceRole'), ['instance-profile-arn', 'instance-profile-name']);
  for (const type of handoffResourceTypes()) {
    for (const h of handoffsFor(type)) {
      assert.ok(h.expects.length > 0, `${type} ${h.path}: expects nothing`);
      assert.equal(h.origin, h.refs.length > 0 ? 'spec' : 'table', `${type} ${h.path}`);
      assert.ok(h.source.length > 20, `${type} ${h.path}: no source`);
      assert.doesNotThrow(() => parseHandoffPath(h.path), `${type} ${h.path}`);
    }
  }
});

test('every required Terraform argument is there, with the principal of its CloudFormation counterpart', () => {
  const required: [string, string, string][] = [
    ['aws_lambda_function', 'role', 'lambda.amazonaws.com'],
    ['aws_batch_compute_environment', 'service_role', 'batch.amazonaws.com'],
    ['aws_batch_compute_environment', 'compute_resources.instance_role', 'ec2.amazonaws.com'],
    ['aws_batch_job_definition', 'container_properties@json.jobRoleArn', 'ecs-tasks.amazonaws.com'],
    ['aws_iam_instance_profile', 'role', 'ec2.amazonaws.com'],
    ['aws_instance', 'iam_instance_profile', 'ec2.amazonaws.com'],
    ['aws_launch_template', 'iam_instance_profile.arn', 'ec2.amazonaws.com'],
    ['aws_launch_template', 'iam_instance_profile.name', 'ec2.amazonaws.com'],
    ['aws_ecs_task_definition', 'task_role_arn', 'ecs-tasks.amazonaws.com'],
    ['aws_ecs_task_definition', 'execution_role_arn', 'ecs-tasks.amazonaws.com'],
    ['aws_codebuild_project', 'service_role', 'codebuild.amazonaws.com'],
    ['aws_codepipeline', 'role_arn', 'codepipeline.amazonaws.com'],
    ['aws_sfn_state_machine', 'role_arn', 'states.amazonaws.com'],
    ['aws_cloudwatch_event_target', 'role_arn', 'events.amazonaws.com'],
    ['aws_scheduler_schedule', 'target.role_arn', 'scheduler.amazonaws.com'],
    ['aws_glue_job', 'role_arn', 'glue.amazonaws.com'],
    ['aws_sagemaker_notebook_instance', 'role_arn', 'sagemaker.amazonaws.com'],
    ['aws_sagemaker_model', 'execution_role_arn', 'sagemaker.amazonaws.com'],
    ['aws_eks_cluster', 'role_arn', 'eks.amazonaws.com'],
    ['aws_eks_node_group', 'node_role_arn', 'ec2.amazonaws.com'],
    ['aws_kinesis_firehose_delivery_stream', 'extended_s3_configuration.role_arn', 'firehose.amazonaws.com'],
    ['aws_appsync_datasource', 'service_role_arn', 'appsync.amazonaws.com'],
    ['aws_api_gateway_account', 'cloudwatch_role_arn', 'apigateway.amazonaws.com'],
    ['aws_config_configuration_recorder', 'role_arn', 'config.amazonaws.com'],
    ['aws_cloudwatch_log_subscription_filter', 'role_arn', 'logs.amazonaws.com'],
    ['aws_iot_topic_rule', 's3.role_arn', 'iot.amazonaws.com'],
    ['aws_iot_topic_rule', 'error_action.kinesis.role_arn', 'iot.amazonaws.com'],
    ['aws_apprunner_service', 'source_configuration.authentication_configuration.access_role_arn', 'build.apprunner.amazonaws.com'],
    ['aws_apprunner_service', 'instance_configuration.instance_role_arn', 'tasks.apprunner.amazonaws.com'],
    ['aws_bedrockagent_agent', 'agent_resource_role_arn', 'bedrock.amazonaws.com'],
    ['aws_datasync_location_s3', 's3_config.bucket_access_role_arn', 'datasync.amazonaws.com'],
    ['aws_dms_endpoint', 's3_settings.service_access_role_arn', 'dms.amazonaws.com'],
  ];
  const missing = required.filter(([type, arg, principal]) => !terraformHandoffsFor(type).find((t) => t.argument === arg)?.principals?.includes(principal)).map((r) => r.join(' '));
  assert.deepEqual(missing, []);
  for (const type of terraformHandoffResourceTypes()) {
    assert.match(type, /^aws_[a-z0-9_]+$/);
    for (const t of terraformHandoffsFor(type)) {
      assert.match(t.source, /^Terraform AWS provider, aws_[a-z0-9_]+: https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/latest\/docs\/resources\//, `${type} ${t.argument}`);
      assert.ok(t.principalSource.length > 20, `${type} ${t.argument}: no principal source`);
      assert.doesNotThrow(() => parseHandoffPath(t.argument), `${type} ${t.argument}`);
      if (t.cloudformation) {
        const [cfnType, cfnPath] = [t.cloudformation.slice(0, t.cloudformation.indexOf(' ')), t.cloudformation.slice(t.cloudformation.indexOf(' ') + 1)];
        assert.ok(handoffsFor(cfnType).length > 0 && cfnPath.length > 0, `${type} ${t.argument}: ${t.cloudformation} is not in the data`);
      }
    }
  }
});

test('every principal is well-formed and in server/data/service-principals.json', () => {
  const known = new Set(Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'data', 'service-principals.json'), 'utf8')) as { principals: object }).principals));
  const all: [string, readonly string[]][] = [
    ...handoffResourceTypes().flatMap((type) => handoffsFor(type).map((h): [string, readonly string[]] => [`${type} ${h.path}`, [...(h.principals ?? []), ...(h.alternatives ?? [])]])),
    ...terraformHandoffResourceTypes().flatMap((type) => terraformHandoffsFor(type).map((t): [string, readonly string[]] => [`${type} ${t.argument}`, [...(t.principals ?? []), ...(t.alternatives ?? [])]])),
  ];
  for (const [where, principals] of all) {
    for (const p of principals) {
      assert.match(p, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, `${where}: ${p}`);
      assert.ok(known.has(p), `${where}: ${p} is not in service-principals.json`);
    }
  }
});

test('paths walk a parsed template: lists, maps, nested objects, `when`, Terraform blocks and JSON strings', () => {
  const rule = { Targets: [{ Id: 'a', Arn: 'x', RoleArn: { 'Fn::GetAtt': ['R', 'Arn'] } }, { Id: 'b', Arn: 'y' }, { Id: 'c', RoleArn: 'arn:aws:iam::1:role/c' }] };
  assert.deepEqual(valuesAtHandoffPath(rule, 'Targets[].RoleArn'), [
    { value: { 'Fn::GetAtt': ['R', 'Arn'] }, location: ['Targets', 0, 'RoleArn'] },
    { value: 'arn:aws:iam::1:role/c', location: ['Targets', 2, 'RoleArn'] },
  ]);
  assert.deepEqual(valuesAtHandoffPath({ Roles: [{ Ref: 'A' }, 'b'] }, 'Roles[]').map((v) => v.location), [['Roles', 0], ['Roles', 1]]);
  assert.deepEqual(valuesAtHandoffPath({ Auth: { Authorizers: { Mine: { FunctionInvokeRole: 'r' } } } }, 'Auth.Authorizers{}.FunctionInvokeRole'), [{ value: 'r', location: ['Auth', 'Authorizers', 'Mine', 'FunctionInvokeRole'] }]);
  assert.deepEqual(valuesAtHandoffPath({ ComputeResources: 'not an object' }, 'ComputeResources.InstanceRole'), []);

  const beanstalk = handoffsFor('AWS::ElasticBeanstalk::Environment').find((h) => h.when?.['OptionName'] === 'IamInstanceProfile') as HandoffSpec;
  const env = { OptionSettings: [{ Namespace: 'aws:ec2:vpc', OptionName: 'Subnets', Value: 's' }, { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'IamInstanceProfile', Value: { Ref: 'Profile' } }] };
  assert.deepEqual(valuesAtHandoffPath(env, beanstalk.path, { when: beanstalk.when! }), [{ value: { Ref: 'Profile' }, location: ['OptionSettings', 1, 'Value'] }]);

  // Terraform: a block written twice is a list; a JSON argument is decoded.
  const pipeline = { stage: [{ action: [{ role_arn: 'a' }] }, { action: { role_arn: 'b' } }] };
  assert.deepEqual(valuesAtHandoffPath(pipeline, 'stage.action.role_arn', { terraform: true }).map((v) => v.value), ['a', 'b']);
  const job = { container_properties: JSON.stringify({ image: 'i', jobRoleArn: 'arn:aws:iam::1:role/job' }) };
  assert.deepEqual(valuesAtHandoffPath(job, 'container_properties@json.jobRoleArn', { terraform: true }), [{ value: 'arn:aws:iam::1:role/job', location: ['container_properties'] }]);
  assert.deepEqual(valuesAtHandoffPath({ container_properties: '{not json' }, 'container_properties@json.jobRoleArn', { terraform: true }), []);
  assert.deepEqual(parseHandoffPath('a@json.b[]{}.c'), [
    { name: 'a', each: [], json: true },
    { name: 'b', each: ['list', 'map'], json: false },
    { name: 'c', each: [], json: false },
  ]);
  assert.throws(() => parseHandoffPath('a..b'));
});

test('unknown resource types have no hand-offs', () => {
  assert.deepEqual(handoffsFor('AWS::S3::BucketPolicy'), []);
  assert.deepEqual(terraformHandoffsFor('aws_s3_bucket_policy'), []);
});
