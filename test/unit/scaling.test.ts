// Every rule does work linear (or n log n) in the size of the document: each rule's fixtures are grown
// four times over (more statements, longer value lists, more template resources) and the work the rule's
// `check` does must grow at most five times. Work is counted, not timed: V8's precise block coverage gives
// how many times each block of the engine ran, which does not depend on how busy the machine is. A rule
// whose work is quadratic grows about sixteen times here.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { iamData, messages, readDocuments, RULES, type AnalysisOptions, type Rule } from '../../server/src/engine';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { RuleContext } from '../../server/src/engine/rules/rule';
import { stripMarks } from '../support/markers';
import { FIXTURES } from '../support/paths';
import { initHcl } from '../../server/src/engine/formats/hcl';

const BASE = 8;
const GROWTH = 4;
const MAX_WORK_GROWTH = 5;

// ---- Counting work -------------------------------------------------------------------------------

const session = new Session();
session.connect();
function post<T>(method: string, params?: object): T {
  let result: { error: Error | null; value: T } | undefined;
  // The in-process session answers synchronously.
  session.post(method, params, (error, value) => (result = { error, value: value as T }));
  if (!result) throw new Error(`${method}: no answer`);
  if (result.error) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}
post('Profiler.enable');
post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

interface Coverage {
  result: { url: string; functions: { ranges: { count: number }[] }[] }[];
}

/** Blocks of the engine run since the last call (taking the coverage resets the counters). */
function engineWork(): number {
  let sum = 0;
  for (const script of post<Coverage>('Profiler.takePreciseCoverage').result) {
    if (!script.url.replace(/\\/g, '/').includes('/server/src/engine/')) continue;
    for (const f of script.functions) for (const r of f.ranges) sum += r.count;
  }
  return sum;
}

/** A rule's context on a text: the document is read here, before any work is counted. */
function contextFor(text: string, options: AnalysisOptions): RuleContext & { findings: number } {
  const analysis = readDocuments(text, options);
  return {
    analysis,
    text,
    data: iamData(),
    t: messages('en'),
    get layout() {
      return analysis.layout;
    },
    get writer() {
      return analysis.writer;
    },
    findings: 0,
    report() {
      this.findings++;
    },
  };
}

interface Grown {
  how: string;
  small: string;
  large: string;
}

/**
 * The work of one rule's check on each small and large text, and their findings. A first run on another
 * reading of each large text (which holds every string of the small one) fills the engine's per-text
 * caches, as earlier analyses of a session do, so no measured run pays for that.
 */
function measure(rule: Rule, grown: readonly Grown[], options: AnalysisOptions): { work: number; findings: number }[][] {
  const warm = grown.map((g) => contextFor(g.large, options));
  const contexts = grown.map((g) => [contextFor(g.small, options), contextFor(g.large, options)]);
  for (const ctx of warm) rule.check(ctx);
  engineWork();
  return contexts.map((pair) =>
    pair.map((ctx) => {
      rule.check(ctx);
      return { work: engineWork(), findings: ctx.findings };
    }),
  );
}

// ---- Growing a fixture ---------------------------------------------------------------------------

function prop(node: JsonNode | undefined, name: string): JsonNode | undefined {
  return node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1] : undefined;
}

const span = (text: string, first: JsonNode, last: JsonNode) => text.slice(first.offset, last.offset + last.length);

/** `copies` of the document's statements (Sids made distinct unless `sameSids`). */
function moreStatements(text: string, copies: number, sameSids: boolean): string | undefined {
  const statements = prop(parseTree(text), 'Statement');
  if (!statements) return undefined;
  const items = statements.type === 'array' ? (statements.children ?? []) : [statements];
  if (items.length === 0) return undefined;
  const body = span(text, items[0]!, items[items.length - 1]!);
  const copy = (i: number) => (sameSids ? body : body.replace(/("Sid"\s*:\s*")([^"]*)"/g, `$1$2C${i}"`));
  return text.slice(0, statements.offset) + '[\n' + Array.from({ length: copies }, (_, i) => copy(i)).join(',\n') + '\n]' + text.slice(statements.offset + statements.length);
}

/** Every list of strings (Action, Resource, condition values …) `copies` times as long. */
function longerLists(text: string, copies: number): string | undefined {
  const lists: JsonNode[] = [];
  const walk = (n: JsonNode) => {
    if (n.type === 'array' && n.children?.length && n.children.every((c) => c.type === 'string')) lists.push(n);
    else n.children?.forEach(walk);
  };
  const root = parseTree(text);
  if (!root) return undefined;
  walk(root);
  if (lists.length === 0) return undefined;
  let out = text;
  for (const list of lists.sort((a, b) => b.offset - a.offset)) {
    const items = list.children!;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    out = out.slice(0, first.offset) + Array.from({ length: copies }, () => span(text, first, last)).join(', ') + out.slice(last.offset + last.length);
  }
  return out;
}

/** A template's resources `copies` times, each copy's logical ids (and the references to them) renamed. */
function moreResources(text: string, copies: number): string | undefined {
  const resources = prop(parseTree(text), 'Resources');
  const members = resources?.type === 'object' ? (resources.children ?? []) : [];
  if (members.length === 0) return undefined;
  const ids = members.map((m) => String(m.children?.[0]?.value));
  const body = span(text, members[0]!, members[members.length - 1]!);
  const rename = new RegExp(`(["{])(${ids.map((id) => id.replace(/[^A-Za-z0-9]/g, '\\$&')).join('|')})(?=["}.])`, 'g');
  const copy = (i: number) => body.replace(rename, `$1$2C${i}`);
  return text.slice(0, resources!.offset) + '{\n' + Array.from({ length: copies }, (_, i) => copy(i)).join(',\n') + '\n}' + text.slice(resources!.offset + resources!.length);
}

/** A YAML template's `Resources` block `copies` times, each copy's logical ids renamed (`Role` → `RoleC1`). */
function moreYamlResources(text: string, copies: number): string | undefined {
  const m = /^Resources:[ \t]*\n((?:(?:[ \t]+.*|[ \t]*)\n?)*)/m.exec(text);
  if (!m || !m[1]!.trim()) return undefined;
  const body = m[1]!.replace(/\n*$/, '\n');
  const ids = [...body.matchAll(/^ {2}«?([A-Za-z0-9]+)»?:/gm)].map((x) => x[1]!);
  if (ids.length === 0) return undefined;
  const rename = new RegExp(`\\b(${ids.join('|')})\\b`, 'g');
  const copy = (i: number) => body.replace(rename, `$1C${i}`);
  return text.slice(0, m.index) + 'Resources:\n' + Array.from({ length: copies }, (_, i) => copy(i)).join('') + text.slice(m.index + m[0].length);
}

const SAME_SIDS = 'statements with their Sids as written';
const GROW: Record<string, (text: string, copies: number) => string | undefined> = {
  statements: (t, c) => moreStatements(t, c, false),
  [SAME_SIDS]: (t, c) => moreStatements(t, c, true),
  'value lists': longerLists,
  'template resources': moreResources,
};
const GROW_YAML: Record<string, (text: string, copies: number) => string | undefined> = {
  'YAML template resources': moreYamlResources,
};

/** A Terraform file's top-level blocks `copies` times, each copy's labels and references renamed. */
function moreTerraformBlocks(text: string, copies: number): string | undefined {
  const names = [...text.matchAll(/^(?:resource|data)\s+"[^"]+"\s+"([^"]+)"/gm)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  const rename = new RegExp(`"(${names.join('|')})"|\\.(${names.join('|')})\\b`, 'g');
  const copy = (i: number) => text.replace(rename, (_m: string, a: string | undefined, b: string | undefined) => (a ? `"${a}c${i}"` : `.${b}c${i}`));
  return Array.from({ length: copies }, (_, i) => copy(i)).join('\n');
}
const GROW_HCL: Record<string, (text: string, copies: number) => string | undefined> = {
  'Terraform blocks': moreTerraformBlocks,
};

// ---- The test ------------------------------------------------------------------------------------

before(async () => {
  await initHcl();
});

const dir = path.join(FIXTURES, 'rules');

function fixtureOptions(file: string): AnalysisOptions {
  const f = file.replace(/\.(json|yaml|tf)$/, '.options.json');
  const own = fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as AnalysisOptions) : {};
  return { locale: 'en', fileName: path.basename(file).replace(/\.(bad|good)\.(json|yaml|tf)$/, '.$2'), ...own };
}

for (const rule of RULES) {
  test(`${rule.id}: its work grows at most ×${MAX_WORK_GROWTH} when its input grows ×${GROWTH}`, () => {
    const ruleDir = path.join(dir, rule.id);
    const files = fs.readdirSync(ruleDir).filter((f) => /\.(bad|good)\.(json|yaml|tf)$/.test(f)).sort();
    let measured = 0;
    let fired = false;
    for (const file of files) {
      const text = stripMarks(fs.readFileSync(path.join(ruleDir, file), 'utf8')).text;
      const options = fixtureOptions(path.join(ruleDir, file));
      const grown: Grown[] = [];
      for (const [how, grow] of Object.entries(file.endsWith('.yaml') ? GROW_YAML : file.endsWith('.tf') ? GROW_HCL : GROW)) {
        if (how === SAME_SIDS && !/"Sid"/.test(text)) continue;
        const small = grow(text, BASE);
        const large = grow(text, BASE * GROWTH);
        if (small !== undefined && large !== undefined) grown.push({ how, small, large });
      }
      measure(rule, grown, options).forEach(([a, b], i) => {
        const { how, small, large } = grown[i]!;
        measured++;
        const ratio = b!.work / Math.max(1, a!.work);
        assert.ok(ratio <= MAX_WORK_GROWTH, `${file}, ${how}: work ${a!.work} → ${b!.work} (×${ratio.toFixed(1)}) for ${(small.length / 1024).toFixed(0)} → ${(large.length / 1024).toFixed(0)} KB`);
        if (b!.findings > 0) fired = true;
      });
    }
    assert.ok(measured > 0, 'no fixture of this rule could be grown');
    assert.ok(fired, 'the rule reported nothing on the grown fixtures: they do not exercise it');
  });
}
