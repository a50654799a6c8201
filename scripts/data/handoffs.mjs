#!/usr/bin/env node
// Regenerates server/data/handoffs.json: which resource property (or Terraform argument) hands a role to which
// service principal. The rules that check a hand-off against the role's trust policy read it through
// server/src/engine/iam/handoffs.ts.
//
// Sources:
// 1. Which CloudFormation properties hold a role: @aws-cdk/aws-service-spec (Apache-2.0), the resource
//    database AWS CDK generates its L1 constructs from. A property that holds a role carries
//    `relationshipRefs` to `AWS::IAM::Role` (attribute `Arn`, or `RoleName`: what `Ref` gives) or to
//    `AWS::IAM::InstanceProfile` (`Arn` or `InstanceProfileName`). Every resource type is walked, into nested
//    property types, and every such property becomes an entry.
// 2. Which service principal assumes the role: scripts/data/handoff-principals.json, hand-maintained, one
//    source per entry (see its `_about`). Its `supplement` entries add the role properties the spec does not
//    mark; each must name a property that exists in the spec.
// 3. Terraform arguments: the `terraform` table of the same file. There is no Terraform schema package to
//    derive them from, so the table is explicit; each entry names the CloudFormation property it corresponds
//    to and takes its principal from it.
// Every principal must be in server/data/service-principals.json.
//
// Run: node scripts/data/handoffs.mjs   (add --check to fail when the file is out of date)
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const out = path.join(root, 'server', 'data', 'handoffs.json');
const tableFile = path.join(root, 'scripts', 'data', 'handoff-principals.json');
const SPEC = '@aws-cdk/aws-service-spec';
const require = createRequire(import.meta.url);

/** What a property takes, from the attribute a relationship names. */
const EXPECTS = {
  'AWS::IAM::Role.Arn': 'arn',
  'AWS::IAM::Role.RoleName': 'name',
  'AWS::IAM::InstanceProfile.Arn': 'instance-profile-arn',
  'AWS::IAM::InstanceProfile.InstanceProfileName': 'instance-profile-name',
};
const TARGETS = new Set(['AWS::IAM::Role', 'AWS::IAM::InstanceProfile']);
const EXPECT_ORDER = ['arn', 'name', 'instance-profile-arn', 'instance-profile-name'];

const problems = [];
const fail = (message) => problems.push(message);

// ---------------------------------------------------------------------------------------------------------
// 1. The spec: every property path, and the ones that reference a role or an instance profile.

/**
 * The leaf shapes of a property type: `[suffix, leafType]`, where the suffix is `[]` per list level and `{}`
 * per map level (`Roles` of type list of strings → `['[]', string]`). A union gives one shape per member.
 */
function shapes(type, suffix = '') {
  if (type.type === 'array') return shapes(type.element, `${suffix}[]`);
  if (type.type === 'map') return shapes(type.element, `${suffix}{}`);
  if (type.type === 'union') return type.types.flatMap((t) => shapes(t, suffix));
  return [[suffix, type]];
}

/**
 * Walks every resource type of the spec. Returns, per resource type:
 * - `leaves`: every path that ends at a value (string, number, …), e.g. `Targets[].RoleArn`;
 * - `json`: paths whose value the spec types as free JSON (a longer path may continue inside them);
 * - `marked`: path → the IAM relationships of the property there (`AWS::IAM::Role.Arn`, …).
 */
function walkSpec(db) {
  const types = new Map();
  const visit = (props, prefix, seen, into) => {
    for (const [name, prop] of Object.entries(props)) {
      const forms = shapes(prop.type);
      const refs = (prop.relationshipRefs ?? []).filter((r) => TARGETS.has(r.cloudFormationType)).map((r) => `${r.cloudFormationType}.${r.propertyName}`);
      if (refs.length > 0) {
        const suffixes = new Set(forms.map(([s]) => s));
        if (suffixes.size !== 1 || forms.some(([, t]) => t.type === 'ref')) throw new Error(`${into.type} ${prefix}${name}: a role reference of an unexpected shape (${JSON.stringify(prop.type)})`);
        const p = `${prefix}${name}${[...suffixes][0]}`;
        into.marked.set(p, [...new Set([...(into.marked.get(p) ?? []), ...refs])].sort());
      }
      for (const [suffix, t] of forms) {
        const p = `${prefix}${name}${suffix}`;
        if (t.type === 'ref') {
          const def = db.get('typeDefinition', t.reference);
          if (!seen.has(def.$id)) visit(def.properties, `${p}.`, new Set([...seen, def.$id]), into);
        } else if (t.type === 'json') into.json.add(p);
        else into.leaves.add(p);
      }
    }
  };
  for (const resource of db.all('resource')) {
    const entry = { type: resource.cloudFormationType, leaves: new Set(), json: new Set(), marked: new Map() };
    visit(resource.properties, '', new Set(), entry);
    types.set(entry.type, entry);
  }
  return types;
}

// ---------------------------------------------------------------------------------------------------------
// 2. Matching the principal table to the spec's paths.

const segments = (p) => p.split('.');
/** Whether a path matches a pattern, segment by segment: `*` is one segment, `**` any number of them. */
function pathMatches(pattern, p) {
  const pat = segments(pattern);
  const seg = segments(p);
  const go = (i, j) => {
    if (i === pat.length) return j === seg.length;
    if (pat[i] === '**') return go(i + 1, j) || (j < seg.length && go(i, j + 1));
    if (j === seg.length) return false;
    return (pat[i] === '*' || pat[i] === seg[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}
const typeMatches = (pattern, type) => (pattern.endsWith('::*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);
const isPattern = (s) => s.split(/[.:]/).some((x) => x === '*' || x === '**');
/** Exact resource type and exact path first; a pattern only where nothing more specific matches. */
const rank = (e) => (isPattern(e.resourceType) ? 0 : 2) + (isPattern(e.path) ? 0 : 1);

/** A path of the spec, or one that continues inside a property the spec types as free JSON. */
function specHas(typeInfo, p) {
  if (typeInfo.leaves.has(p)) return { exists: true };
  for (const j of typeInfo.json) if (p.startsWith(`${j}.`) || p.startsWith(`${j}{}`) || p.startsWith(`${j}[]`)) return { exists: true, json: j };
  return { exists: false };
}

const principalsFile = JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', 'service-principals.json'), 'utf8'));
const known = new Set(Object.keys(principalsFile.principals));
function checkPrincipals(where, e) {
  if (e.principals === undefined) fail(`${where}: no "principals" (a list, or null with a "reason")`);
  else if (e.principals === null) {
    if (!e.reason) fail(`${where}: "principals" is null without a "reason"`);
  } else if (!Array.isArray(e.principals) || e.principals.length === 0) fail(`${where}: "principals" must be a non-empty list or null`);
  for (const p of [...(e.principals ?? []), ...(e.alternatives ?? [])]) if (!known.has(p)) fail(`${where}: ${p} is not in server/data/service-principals.json`);
  if (!e.source) fail(`${where}: no "source"`);
  for (const x of e.expects ?? []) if (!EXPECT_ORDER.includes(x)) fail(`${where}: unknown "expects" value ${x}`);
}

/** The entry written to the data file, keys in a fixed order. */
function entry(from, fields) {
  const e = { path: fields.path };
  if (from.when) e.when = from.when;
  e.expects = fields.expects;
  e.principals = from.principals;
  if (from.principals === null || fields.reason) e.reason = fields.reason ?? from.reason;
  if (from.regional) e.regional = true;
  if (from.alternatives) e.alternatives = from.alternatives;
  e.refs = fields.refs;
  e.origin = fields.refs.length > 0 ? 'spec' : 'table';
  e.source = from.source;
  const notes = [from.note, from.expectsNote, fields.specNote].filter(Boolean);
  if (notes.length) e.note = notes.join(' ');
  return e;
}

const sortExpects = (xs) => [...new Set(xs)].sort((a, b) => EXPECT_ORDER.indexOf(a) - EXPECT_ORDER.indexOf(b));

function buildCloudFormation(types, table) {
  table.forEach((e, i) => checkPrincipals(`handoff-principals.json cloudformation[${i}] ${e.resourceType} ${e.path}`, e));
  const byType = new Map();
  const add = (type, e) => {
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type).push(e);
  };
  const used = new Set();

  // Properties the spec marks.
  let relationships = 0;
  for (const [type, info] of types) {
    for (const [p, refs] of info.marked) {
      relationships++;
      const matching = table.filter((e) => typeMatches(e.resourceType, type) && pathMatches(e.path, p));
      const best = Math.max(-1, ...matching.map(rank));
      const chosen = matching.filter((e) => rank(e) === best);
      if (chosen.length === 0) {
        add(type, entry({ principals: null, source: `${SPEC}: relationshipRefs of ${type} ${p}` }, { path: p, refs, expects: sortExpects(refs.map((r) => EXPECTS[r])), reason: 'unclassified: add an entry to scripts/data/handoff-principals.json' }));
        continue;
      }
      if (chosen.length > 1 && chosen.some((e) => !e.when)) fail(`${type} ${p}: ${chosen.length} entries of handoff-principals.json match equally; give each a "when" or make one more specific`);
      const covered = new Set();
      for (const e of chosen) {
        used.add(e);
        const mine = e.refs ? refs.filter((r) => e.refs.includes(r)) : refs;
        mine.forEach((r) => covered.add(r));
        const expects = e.expects ?? sortExpects(mine.map((r) => EXPECTS[r]));
        if (expects.length === 0) fail(`${type} ${p}: the entry with when ${JSON.stringify(e.when)} stands for no reference of the spec and gives no "expects"`);
        add(type, entry(e, { path: p, refs: mine, expects }));
      }
      const missing = refs.filter((r) => !covered.has(r));
      if (missing.length) fail(`${type} ${p}: no entry stands for the spec's ${missing.join(', ')}`);
    }
  }

  // Properties the spec does not mark, from the supplement entries.
  for (const [i, e] of table.entries()) {
    if (!e.supplement) continue;
    const where = `handoff-principals.json cloudformation[${i}] ${e.resourceType} ${e.path}`;
    if (!e.expects) fail(`${where}: a supplement entry needs "expects"`);
    let found = 0;
    for (const [type, info] of types) {
      if (!typeMatches(e.resourceType, type)) continue;
      if (!isPattern(e.path)) {
        const has = specHas(info, e.path);
        if (!has.exists) continue;
        found++;
        if (info.marked.has(e.path)) continue;
        const specNote = has.json ? `The spec types ${has.json} as free JSON; the rest of the path is from the source.` : undefined;
        add(type, entry(e, { path: e.path, refs: [], expects: e.expects ?? [], specNote }));
        used.add(e);
        continue;
      }
      for (const p of [...info.leaves].sort()) {
        if (!pathMatches(e.path, p)) continue;
        found++;
        if (info.marked.has(p)) continue;
        // A more specific entry for the same property wins.
        const rivals = table.filter((x) => x !== e && x.supplement && typeMatches(x.resourceType, type) && pathMatches(x.path, p) && rank(x) > rank(e));
        if (rivals.length) continue;
        add(type, entry(e, { path: p, refs: [], expects: e.expects ?? [] }));
        used.add(e);
      }
    }
    if (found === 0) fail(`${where}: no such property in ${SPEC} (renamed or removed?)`);
  }
  table.forEach((e, i) => {
    if (!used.has(e)) fail(`handoff-principals.json cloudformation[${i}] ${e.resourceType} ${e.path}: matches no property the spec marks${e.supplement ? ' and no other property' : ' (add "supplement": true if the spec does not mark it)'}`);
  });

  const result = {};
  for (const type of [...byType.keys()].sort()) {
    result[type] = byType.get(type).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : JSON.stringify(a.when ?? {}).localeCompare(JSON.stringify(b.when ?? {}))));
  }
  return { result, relationships };
}

// ---------------------------------------------------------------------------------------------------------
// 3. Terraform.

function buildTerraform(table, cloudformation) {
  const result = {};
  for (const [i, t] of table.entries()) {
    const args = t.arguments ?? [t.argument];
    const where = `handoff-principals.json terraform[${i}] ${t.resourceType} ${args.join(', ')}`;
    let principals = t.principals;
    let reason = t.reason;
    let principalSource = t.principalSource;
    let regional = t.regional;
    let alternatives = t.alternatives;
    if (t.cloudformation) {
      const space = t.cloudformation.indexOf(' ');
      const type = t.cloudformation.slice(0, space);
      const cfnPath = t.cloudformation.slice(space + 1);
      const matches = (cloudformation[type] ?? []).filter((e) => pathMatches(cfnPath, e.path) && (!t.when || e.when));
      if (matches.length === 0) fail(`${where}: the CloudFormation property ${t.cloudformation} is not in the data`);
      else if (principals === undefined) {
        const distinct = new Set(matches.map((e) => JSON.stringify([e.principals, e.reason ?? null])));
        if (distinct.size > 1) fail(`${where}: ${t.cloudformation} matches entries with different principals; give "principals"`);
        principals = matches[0].principals;
        reason = matches[0].reason;
        principalSource = matches[0].source;
        regional ??= matches[0].regional;
        alternatives ??= matches[0].alternatives;
      } else principalSource ??= matches[0].source;
    }
    checkPrincipals(where, { principals, reason, source: t.source, expects: t.expects, alternatives });
    if (!principalSource) fail(`${where}: no "cloudformation" counterpart and no "principalSource"`);
    if (!t.expects) fail(`${where}: no "expects"`);
    for (const argument of args) {
      const e = { argument };
      if (t.when) e.when = t.when;
      e.expects = t.expects;
      e.principals = principals;
      if (principals === null) e.reason = reason;
      if (regional) e.regional = true;
      if (alternatives) e.alternatives = alternatives;
      if (t.cloudformation) e.cloudformation = t.cloudformation;
      e.source = t.source;
      // The principal's source is the CloudFormation entry's, where there is one.
      if (!t.cloudformation || t.principalSource) e.principalSource = principalSource;
      if (t.note) e.note = t.note;
      (result[t.resourceType] ??= []).push(e);
    }
  }
  const sorted = {};
  for (const type of Object.keys(result).sort()) sorted[type] = result[type].sort((a, b) => (a.argument < b.argument ? -1 : a.argument > b.argument ? 1 : JSON.stringify(a.when ?? {}).localeCompare(JSON.stringify(b.when ?? {}))));
  return sorted;
}

// ---------------------------------------------------------------------------------------------------------

const specPkg = JSON.parse(fs.readFileSync(require.resolve(`${SPEC}/package.json`), 'utf8'));
const { loadAwsServiceSpecSync } = require(SPEC);
const types = walkSpec(loadAwsServiceSpecSync());
const table = JSON.parse(fs.readFileSync(tableFile, 'utf8'));
const { result: cloudformation, relationships } = buildCloudFormation(types, table.cloudformation);
const terraform = buildTerraform(table.terraform, cloudformation);

if (problems.length) {
  console.error(`scripts/data/handoff-principals.json does not fit ${SPEC} ${specPkg.version}:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}

const cfnEntries = Object.values(cloudformation).flat();
const unclassified = cfnEntries.filter((e) => e.reason?.startsWith('unclassified'));
/** Per property the spec marks (one property may have several entries, one per "when"). */
const marked = new Map();
for (const [type, list] of Object.entries(cloudformation)) {
  for (const e of list) {
    if (e.origin !== 'spec') continue;
    const key = `${type} ${e.path}`;
    marked.set(key, (marked.get(key) ?? true) && e.principals !== null);
  }
}
const nested = (key) => /[.[{]/.test(key.slice(key.indexOf(' ') + 1));
const counts = {
  specProperties: relationships,
  specTopLevel: [...marked.keys()].filter((k) => !nested(k)).length,
  specNested: [...marked.keys()].filter(nested).length,
  specWithPrincipal: [...marked.values()].filter(Boolean).length,
  specWithoutPrincipal: [...marked.values()].filter((v) => !v).length,
  tableEntries: cfnEntries.filter((e) => e.origin === 'table').length,
  cloudformationEntries: cfnEntries.length,
  unclassified: unclassified.length,
  terraformEntries: Object.values(terraform).flat().length,
};
if (marked.size !== relationships) throw new Error(`${relationships} marked properties but ${marked.size} in the data`);

const doc = {
  _source: `Which resource property hands a role to which service principal. Generated by scripts/data/handoffs.mjs. Which CloudFormation properties hold a role: the relationshipRefs to AWS::IAM::Role and AWS::IAM::InstanceProfile of ${SPEC} ${specPkg.version} (entries with "origin": "spec"; "refs" lists them), plus properties the spec does not mark, from scripts/data/handoff-principals.json ("origin": "table"). Which principal assumes the role: scripts/data/handoff-principals.json, one source per entry. Terraform: an explicit table (there is no Terraform schema package to derive it from), each entry with the Terraform AWS provider documentation as its source and the CloudFormation property it corresponds to.`,
  _licence: `${SPEC} (github.com/cdklabs/awscdk-service-spec): ${specPkg.license}, licence text shipped as dist/data/LICENSE.aws-service-spec.txt; the property paths and relationships are taken from it. The principal tables are this project's (MIT).`,
  _pathSyntax: 'A path walks a parsed template from a resource\'s Properties (CloudFormation) or a resource block\'s body (Terraform): NAME.NAME steps into an object (or a nested Terraform block, each block of that name whether written once or repeated); NAME[] is each item of the list at NAME; NAME{} each value of the map at NAME; NAME@json (Terraform) means the argument holds a JSON document as a string (jsonencode(...), a heredoc) and the rest of the path walks that document. The path ends at the value that names the role (a string or an intrinsic function). "when" lists properties of the object that holds the last segment that must have these values (OptionSettings[].Value when Namespace and OptionName say it is the instance profile).',
  _fields: 'expects: what the value must be: arn (role ARN), name (role name, what Ref of an AWS::IAM::Role gives), instance-profile-arn, instance-profile-name; several when the property takes either. principals: the service principals that assume the role (a trust policy must allow each); null when no service principal does, with the reason. regional: the trust policy may name the Regional form SERVICE.REGION.amazonaws.com instead. alternatives: other principals AWS documents for the same role.',
  spec: { name: SPEC, version: specPkg.version, license: specPkg.license },
  counts,
  cloudformation,
  terraform,
};

/** Two-space JSON with one entry per line: readable, diffable, and a third of the size of full indentation. */
function format(value, depth = 0) {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => pad + JSON.stringify(v)).join(',\n')}\n${end}]`;
  if (value && typeof value === 'object') return `{\n${Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${format(v, depth + 1)}`).join(',\n')}\n${end}}`;
  return JSON.stringify(value);
}
const text = format(doc) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is out of date with ${SPEC} ${specPkg.version} or scripts/data/handoff-principals.json: run node scripts/data/handoffs.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(root, out)} is up to date (${cfnEntries.length} CloudFormation entries, ${counts.terraformEntries} Terraform entries)`);
} else {
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(root, out)} from ${SPEC} ${specPkg.version}: ${JSON.stringify(counts)}`);
  if (unclassified.length) {
    console.warn(`${unclassified.length} properties the spec marks have no principal entry yet; add them to scripts/data/handoff-principals.json:`);
    for (const [type, list] of Object.entries(cloudformation)) for (const e of list) if (e.reason?.startsWith('unclassified')) console.warn(`  ${type} ${e.path}`);
  }
}
