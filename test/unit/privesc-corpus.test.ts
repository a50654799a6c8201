// passrole-privilege-escalation over BishopFox iam-vulnerable's policies (test/corpus/privesc/, MIT), as its
// MANIFEST.tsv classifies them: every PassRole-based starting policy and false-negative case is flagged, no
// false-positive case is, and the escalation-path data stays what its generator makes of the public catalogs.
//
// Some iam-vulnerable tests attach two policies to one principal (same Terraform file). Those are also checked
// together, as one document holding both policies' statements:
// - fn1: `fn1-passrole-star` (iam:PassRole on *) + `fn1-privesc3-partial` (ec2:RunInstances). Alone, neither
//   is an escalation path (the first is passrole-wildcard-resource's finding); together they are ec2-001.
// - fp2: `fp2-allow-all` (Allow * on *) + `deny-all` (Deny * on *). Together nothing is allowed. Alone,
//   `fp2-allow-all` is an administrator policy and *is* flagged, like AdministratorAccess: a reviewer looking
//   at that one document cannot know that another policy takes everything away.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, type Finding } from '../../server/src/engine';
import { ESCALATION_PATHS } from '../../server/src/engine/iam/escalation';
import { CORPUS, ROOT } from '../support/paths';

const RULE = 'passrole-privilege-escalation';
const dir = path.join(CORPUS, 'privesc');

interface Row {
  file: string;
  category: string;
  grantsPassRole: string;
}

const rows: Row[] = fs
  .readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map((c) => ({ file: c[0]!, category: c[6]!, grantsPassRole: c[7]! }));

const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const findings = (text: string, fileName: string): Finding[] => analyze(text, { fileName }).findings.filter((f) => f.ruleId === RULE);
const together = (...files: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: files.flatMap((f) => (JSON.parse(read(f)) as { Statement: unknown[] }).Statement) }, null, 2);

/** The path each PassRole-based case must name first (its iam-vulnerable description says which). */
const NAMED: Record<string, string> = {
  'privesc-codeBuildCreateProjectPassRole-policy.json': 'codebuild-001',
  'privesc-sageMakerCreateNotebookPassRole-policy.json': 'sagemaker-001',
  'privesc-sageMakerCreateProcessingJobPassRole-policy.json': 'sagemaker-003',
  'privesc-sageMakerCreateTrainingJobPassRole-policy.json': 'sagemaker-002',
  'privesc15-PassExistingRoleToNewLambdaThenInvoke.json': 'lambda-001',
  'privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo.json': 'lambda-002',
  'privesc18-PassExistingRoleToNewGlueDevEndpoint.json': 'glue-001',
  'privesc20-PassExistingRoleToCloudFormation.json': 'cloudformation-001',
  'privesc21-PassExistingRoleToNewDataPipeline.json': 'datapipeline-001',
  'privesc3-CreateEC2WithExistingInstanceProfile.json': 'ec2-001',
  'fn4-exploitableNotAction.json': 'lambda-001',
};

/** Whether the rule must flag the file on its own. */
function expected(row: Row): boolean {
  const passRole = row.grantsPassRole !== 'no';
  if (row.file === 'fn1-passrole-star.json') return false; // PassRole alone: checked with its pair below
  if (row.file === 'fp2-allow-all.json') return true; // an administrator policy: checked with its pair below
  if (row.category.startsWith('privesc starting policy')) return passRole;
  if (row.category.startsWith('tool-test false-negative')) return passRole;
  if (row.category.startsWith('tool-test false-positive')) return false;
  if (row.category.startsWith('high-privilege target policy')) return true; // `*` or iam:* + ec2:*
  throw new Error(`unknown category ${row.category}`);
}

test('the manifest lists every policy file of the folder', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(rows.map((r) => r.file).sort(), files);
});

for (const row of rows) {
  test(`${row.file}: ${expected(row) ? 'flagged' : 'not flagged'}`, () => {
    const got = findings(read(row.file), row.file);
    assert.equal(got.length > 0, expected(row), got.map((f) => f.message).join('\n'));
    const id = NAMED[row.file];
    if (id) assert.ok(got[0]!.message.includes(`path ${id} `), `${row.file} should name ${id}: ${got[0]!.message}`);
  });
}

test('every PassRole-based starting policy and false-negative case is covered above', () => {
  const passRoleCases = rows.filter((r) => r.grantsPassRole !== 'no' && /^(privesc starting policy|tool-test false-negative)/.test(r.category)).map((r) => r.file);
  assert.deepEqual(passRoleCases.filter((f) => !NAMED[f]).sort(), ['fn1-passrole-star.json']);
});

test('fn1: PassRole on * in one policy and ec2:RunInstances in another, attached together, is ec2-001', () => {
  assert.deepEqual(findings(read('fn1-passrole-star.json'), 'fn1.json'), []);
  assert.ok(analyze(read('fn1-passrole-star.json')).findings.some((f) => f.ruleId === 'passrole-wildcard-resource'), 'alone it is still a wildcard PassRole');
  const got = findings(together('fn1-passrole-star.json', 'fn1-privesc3-partial.json'), 'fn1.json');
  assert.equal(got.length, 1);
  assert.match(got[0]!.message, /path ec2-001 /);
});

test('fp2: Allow * with Deny * attached together is not flagged', () => {
  assert.deepEqual(findings(together('fp2-allow-all.json', 'deny-all.json'), 'fp2.json'), []);
});

test('the message names the path and what an attacker gains, and related information points at the companions', () => {
  const text = read('privesc15-PassExistingRoleToNewLambdaThenInvoke.json');
  const [f] = findings(text, 'privesc15.json');
  assert.ok(f);
  assert.equal(text.slice(f.offset, f.offset + f.length), '"iam:PassRole"');
  assert.match(f.message, /lambda-001 \(“iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction”\): an attacker can run code as any passable role through a new Lambda function/);
  assert.deepEqual(f.related?.map((r) => text.slice(r.offset, r.offset + r.length)), ['"lambda:CreateFunction"', '"lambda:InvokeFunction"']);
  const [ja] = analyze(text, { locale: 'ja' }).findings.filter((x) => x.ruleId === RULE);
  assert.match(ja!.message, /権限昇格の経路 lambda-001/);
  assert.match(ja!.message, /攻撃者は新しい Lambda 関数を作成して呼び出し、渡せる任意のロールとしてコードを実行できます。/);
});

const pathfinding = fs.readFileSync(path.join(dir, 'pathfinding-cloud-paths.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const catalogPaths = pathfinding.filter((c) => c[5] === 'yes').map((c) => c[0]!);
/** Paths the project adds to the catalogs, each from an AWS documentation page (scripts/data/escalation-paths.mjs). */
const SUPPLEMENTS = ['ec2-associate-instance-profile', 'ec2-replace-instance-profile'];

test('the escalation paths are the PassRole paths of both catalogs (and the documented supplements), and the data file is what its generator makes', () => {
  assert.deepEqual(ESCALATION_PATHS.map((p) => p.id).sort(), [...catalogPaths, ...SUPPLEMENTS].sort());
  for (const p of ESCALATION_PATHS.filter((x) => SUPPLEMENTS.includes(x.id))) assert.match((p as { source?: string }).source ?? '', /^Amazon EC2 User Guide: /, p.id);
  const cloudsplaining = fs.readFileSync(path.join(dir, 'cloudsplaining-privilege-escalation-methods.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const methods = cloudsplaining.filter((c) => c[2] === 'yes').map((c) => c[0]!);
  assert.deepEqual(ESCALATION_PATHS.flatMap((p) => (p.aliases ?? []).map((a) => a.name)).sort(), methods.sort());
  for (const p of ESCALATION_PATHS) {
    assert.ok(p.principals.length > 0 && p.gain.en.length > 20 && p.gain.ja.length > 10, p.id);
    assert.equal(p.requiredActions[0], 'iam:PassRole', p.id);
  }
  const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'data', 'escalation-paths.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

// Every path, from its minimal policy: PassRole on every role and the path's other actions. The same policy
// with PassRole limited to a service the path does not pass roles to, or to one named role, opens no path;
// limited to the path's own service it still does (that service runs the attacker's code as the role).
const minimal = (resource: string, actions: readonly string[], condition?: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: resource, ...(condition ? { Condition: condition } : {}) }, { Effect: 'Allow', Action: actions.filter((a) => a !== 'iam:PassRole'), Resource: '*' }] }, null, 2);
const names = (text: string, id: string) => findings(text, 'minimal.json').some((f) => new RegExp(`\\b${id}\\b`).test(f.message));

for (const p of ESCALATION_PATHS) {
  test(`path ${p.id}: its minimal policy is flagged; narrowed to another service or to a named role it is not`, () => {
    assert.ok(names(minimal('*', p.requiredActions), p.id), `PassRole on * with ${p.requiredActions.join(', ')}`);
    assert.ok(names(minimal('arn:aws:iam::111122223333:role/*-ops', p.requiredActions), p.id), 'a wildcard inside the role name is a broad set of roles');
    const other = ['batch.amazonaws.com', 'lambda.amazonaws.com'].find((s) => !p.principals.includes(s))!;
    assert.deepEqual(findings(minimal('*', p.requiredActions, { StringEquals: { 'iam:PassedToService': other } }), 'minimal.json'), [], `passed only to ${other}`);
    assert.deepEqual(findings(minimal('arn:aws:iam::111122223333:role/AppRole', p.requiredActions), 'minimal.json'), [], 'one named role');
    assert.ok(names(minimal('*', p.requiredActions, { StringEquals: { 'iam:PassedToService': p.principals[0] } }), p.id), `passed only to the path's own ${p.principals[0]}`);
  });
}

test('every PassRole path of both catalogs is one of the paths checked above', () => {
  const ids = ESCALATION_PATHS.map((p) => p.id);
  assert.deepEqual(catalogPaths.filter((id) => !ids.includes(id)), []);
});

test('the instance-profile association calls are escalation paths of their own', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:ReplaceIamInstanceProfileAssociation', Resource: '*' }] });
  const f = findings(text, 'ip.json')[0]!;
  assert.match(f.message, /path ec2-replace-instance-profile \(“iam:PassRole \+ ec2:ReplaceIamInstanceProfileAssociation”\): an attacker can replace the instance profile/);
  assert.match(analyze(text, { locale: 'ja' }).findings.find((x) => x.ruleId === RULE)!.message, /インスタンスプロファイルを、渡せる任意のロールを含むものに置き換え/);
});
