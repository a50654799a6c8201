// The texts the fuzzer mutates: real policies from the corpus and the rule fixtures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS, FIXTURES, jsonFiles as walk } from '../support/paths';
import { jsonToHcl } from '../support/hcl-convert';

export function fuzzCorpus(limitManaged = Infinity): string[] {
  const managed = walk(path.join(CORPUS, 'managed-policies')).sort().filter((_, i) => i < limitManaged);
  const others = [...walk(path.join(CORPUS, 'trust-policies')), ...walk(path.join(CORPUS, 'identity-policies')), ...walk(path.join(CORPUS, 'privesc')), ...walk(path.join(FIXTURES, 'rules'))];
  // Larger than ~200 KB only slows every mutation down without exercising anything new.
  return [...managed, ...others].map((f) => fs.readFileSync(f, 'utf8').replace(/[«»]/g, '')).filter((t) => t.length < 200_000);
}

/** YAML texts: the CloudFormation YAML and SAM templates, the YAML rule fixtures and YAML twins of the JSON ones. */
export function fuzzYamlCorpus(): string[] {
  const yamlFiles = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [])) : [];
  const files = [...yamlFiles(path.join(CORPUS, 'cloudformation-yaml')), ...yamlFiles(path.join(CORPUS, 'sam')), ...yamlFiles(path.join(FIXTURES, 'rules')), ...yamlFiles(path.join(FIXTURES, 'yaml-from-json'))];
  return files.map((f) => fs.readFileSync(f, 'utf8').replace(/[«»]/g, '')).filter((t) => t.length < 200_000);
}

/** Terraform texts: the module repositories of the corpus, the Terraform rule fixtures and the Terraform twins of the JSON ones. */
export function fuzzHclCorpus(): string[] {
  const tfFiles = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tfFiles(path.join(dir, e.name)) : e.name.endsWith('.tf') ? [path.join(dir, e.name)] : [])) : [];
  const files = [...tfFiles(path.join(CORPUS, 'terraform')), ...tfFiles(path.join(FIXTURES, 'rules')), ...tfFiles(path.join(FIXTURES, 'hcl-from-json'))];
  // The JSON rule fixtures in the three Terraform shapes: policies with findings to fix.
  const twins = walk(path.join(FIXTURES, 'rules')).flatMap((f) => {
    const json = fs.readFileSync(f, 'utf8').replace(/[«»]/g, '');
    const kind = /trust|assume/i.test(f) ? 'trust' : 'identity';
    return (['jsonencode', 'heredoc', 'data'] as const).flatMap((shape) => {
      try {
        const c = jsonToHcl(json, shape, kind);
        return c ? [c.text] : [];
      } catch {
        return [];
      }
    });
  });
  return [...files.map((f) => fs.readFileSync(f, 'utf8').replace(/[«»]/g, '')), ...twins].filter((t) => t.length < 200_000);
}
