// The rule registry agrees with everything that lists rules: settings schema, docs, localisation.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine';
import { ROOT } from '../support/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the iamRoleLens.rules setting lists exactly the registered rules', () => {
  const listed = Object.keys(pkg.contributes.configuration.properties['iamRoleLens.rules'].properties).sort();
  assert.deepEqual(listed, RULES.map((r) => r.id).sort());
});

test('every rule has a documentation page with its id as title, and a summary in both languages', () => {
  for (const rule of RULES) {
    const page = path.join(ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(page), `docs/rules/${rule.id}.md is missing`);
    assert.match(fs.readFileSync(page, 'utf8'), new RegExp(`^# \`${rule.id}\``));
    assert.ok(rule.summary.en.length > 10 && rule.summary.ja.length > 5, rule.id);
  }
});

test('every %key% of package.json is translated in package.nls.json and package.nls.ja.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
  const ja = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.ja.json'), 'utf8'));
  assert.ok(keys.length > 10);
  for (const k of keys) {
    assert.ok(en[k], `package.nls.json lacks ${k}`);
    assert.ok(ja[k], `package.nls.ja.json lacks ${k}`);
  }
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
});

test('every string the client localises has a Japanese translation', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8'));
  const dir = path.join(ROOT, 'client', 'src');
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const used = [...sources.matchAll(/l10n\.t\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
  assert.ok(used.length > 5);
  for (const s of used) assert.ok(bundle[s], `l10n/bundle.l10n.ja.json lacks "${s}"`);
});
