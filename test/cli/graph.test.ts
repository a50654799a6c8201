// `iam-role-lens graph`: the role map of the files given, in each format: every role with who may assume it,
// what it is handed to and who may pass it, mismatches marked; and its usage errors.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { ROOT } from '../support/paths';
import { APP_TEMPLATE, POLICY, rangeOf, ROLES_TEMPLATE, trust, workspaceDir, type Range } from '../support/roles-workspace';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const workspace = (files: Record<string, string>) => workspaceDir(made, files);

interface Use {
  path: string;
  range: Range;
  label: string;
  trusted: boolean;
}
interface MapRole {
  name: string;
  id: string;
  source: string;
  path: string;
  range: Range;
  trustPolicySeen: boolean;
  assumedBy: string[];
  handedTo: (Use & { principals: string[] })[];
  passedBy: (Use & { passedToService: string[]; anyService: boolean })[];
}

async function graphJson(args: string[], cwd: string): Promise<MapRole[]> {
  const r = await cli(['graph', ...args, '--format', 'json'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(doc), ['version', 'roles']);
  assert.equal(doc.version, 1);
  return doc.roles;
}

/** The example workspace: a policy, BuildRole's trust policy, and a template that hands BuildRole to Lambda. */
const EXAMPLE = 'examples/workspace';

describe('graph', { concurrency: true }, () => {
  test('json: a PassRole grant to a service the role does not trust is a mismatch, with its places', async () => {
    const trustText = trust('glue.amazonaws.com');
    const dir = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trustText });
    const roles = await graphJson(['.'], dir);
    assert.deepEqual(roles, [
      {
        name: 'BuildRole',
        id: 'BuildRole',
        source: 'trust-policy-file',
        path: 'BuildRole-trust-policy.json',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        trustPolicySeen: true,
        assumedBy: ['glue.amazonaws.com'],
        handedTo: [],
        passedBy: [
          {
            passedToService: ['codebuild.amazonaws.com'],
            anyService: false,
            label: 'iam:PassRole',
            path: 'policies/deploy.json',
            range: rangeOf(POLICY, '"arn:aws:iam::111122223333:role/BuildRole"'),
            trusted: false,
          },
        ],
      },
    ]);
    const fixed = workspace({ 'policies/deploy.json': POLICY, 'BuildRole-trust-policy.json': trust('codebuild.amazonaws.com') });
    const [role] = await graphJson(['.'], fixed);
    assert.deepEqual(role!.passedBy.map((g) => g.trusted), [true]);
  });

  test('json: hand-offs across templates by !ImportValue and by RoleName', async () => {
    const dir = workspace({ 'roles.yaml': ROLES_TEMPLATE, 'app.yaml': APP_TEMPLATE });
    const roles = await graphJson(['roles.yaml', 'app.yaml'], dir);
    assert.equal(roles.length, 1);
    const [role] = roles;
    assert.equal(role!.name, 'orders-function');
    assert.equal(role!.id, 'FunctionRole');
    assert.equal(role!.source, 'cloudformation');
    assert.deepEqual(role!.range, rangeOf(ROLES_TEMPLATE, 'FunctionRole'));
    assert.deepEqual(role!.assumedBy, ['states.amazonaws.com']);
    assert.deepEqual(
      role!.handedTo.map((h) => [h.label, h.path, h.range, h.principals[0], h.trusted]),
      [
        ['Function.Role', 'app.yaml', rangeOf(APP_TEMPLATE, '!ImportValue orders-function-role-arn'), 'lambda.amazonaws.com', false],
        ['Worker.Role', 'app.yaml', rangeOf(APP_TEMPLATE, 'arn:aws:iam::111122223333:role/orders-function'), 'lambda.amazonaws.com', false],
      ],
    );
  });

  test('json: a grant on any service, a role SAM creates, and roles no one uses', async () => {
    const anyService = POLICY.replace(',\n      "Condition": { "StringEquals": { "iam:PassedToService": "codebuild.amazonaws.com" } }', '');
    const sam = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n      Runtime: python3.12\n      CodeUri: src/\n";
    const dir = workspace({ 'deploy.json': anyService, 'BuildRole.trust.json': trust('glue.amazonaws.com'), 'sam.yaml': sam });
    const roles = await graphJson(['.'], dir);
    assert.deepEqual(roles.map((r) => [r.name, r.source]), [['BuildRole', 'trust-policy-file'], ['FnRole', 'sam']]);
    assert.deepEqual(roles[0]!.passedBy.map((g) => [g.anyService, g.passedToService, g.trusted]), [[true, [], true]]);
    assert.deepEqual(roles[1]!.assumedBy, ['lambda.amazonaws.com']);
  });

  test('text: a tree per role, the mismatch marked, a summary on stderr', async () => {
    const r = await cli(['graph', EXAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '2 roles in 3 files: 1 mismatch\n');
    const blocks = r.stdout.split('\n\n');
    assert.equal(blocks.length, 2);
    assert.deepEqual(blocks[0]!.split('\n').slice(0, 4), [
      `BuildRole  ${EXAMPLE}/BuildRole-trust-policy.json:1`,
      '  May be assumed by: codebuild.amazonaws.com',
      '  Handed to:',
      `    lambda.amazonaws.com  by ReportsFunction.Role  ${EXAMPLE}/app.yaml:28  MISMATCH: the role's trust policy does not trust it`,
    ]);
    assert.match(blocks[0]!, /^ {2}May be passed by:\n {4}examples\/workspace\/ci-policy\.json:14 {2}iam:PassRole {2}to codebuild\.amazonaws\.com$/m);
    assert.match(blocks[1]!, /^orders-function \(FunctionRole\) {2}examples\/workspace\/app\.yaml:5\n/);
    assert.equal((r.stdout.match(/MISMATCH/g) ?? []).length, 1);
  });

  test('mermaid: a flowchart with the roles and principals as nodes, the mismatch styled apart', async () => {
    const r = await cli(['graph', EXAMPLE, '--format', 'mermaid']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'flowchart LR');
    const node = /^ {2}(\w+)(\[|\(\[|\[\/)"([^"]*)"(\]|\]\)|\/\]):::(\w+)$/;
    const edge = /^ {2}(\w+) -->\|"([^"]*)"\| (\w+)$/;
    const nodes = new Map<string, { text: string; cls: string }>();
    const edges: { from: string; label: string; to: string }[] = [];
    for (const l of lines.slice(1)) {
      const n = node.exec(l);
      const e = edge.exec(l);
      if (n) nodes.set(n[1]!, { text: n[3]!, cls: n[5]! });
      else if (e) edges.push({ from: e[1]!, label: e[2]!, to: e[3]! });
      else assert.match(l, /^ {2}(classDef \w+ \S+|linkStyle [\d,]+ .+)$/);
    }
    const byText = (prefix: string) => [...nodes].find(([, n]) => n.text.startsWith(prefix))?.[0];
    const build = byText('BuildRole<br/>')!;
    const orders = byText('orders-function (FunctionRole)<br/>')!;
    const lambda = byText('lambda.amazonaws.com')!;
    const codebuild = byText('codebuild.amazonaws.com')!;
    assert.ok(build && orders && lambda && codebuild, r.stdout);
    assert.equal(nodes.get(build)!.cls, 'mismatch');
    assert.equal(nodes.get(orders)!.cls, 'role');
    assert.equal(nodes.get(lambda)!.cls, 'principal');
    assert.ok(edges.some((e) => e.from === codebuild && e.to === build && e.label === 'may assume'));
    assert.ok(edges.some((e) => e.from === lambda && e.to === orders && e.label === 'may assume'));
    assert.ok(edges.some((e) => e.to === build && e.label === 'may pass to codebuild.amazonaws.com' && nodes.get(e.from)?.cls === 'grant'));
    // The one mismatch: BuildRole handed to Lambda; its edge, and only it, is drawn red and dashed.
    const bad = edges.findIndex((e) => e.from === build && e.to === lambda);
    assert.match(edges[bad]!.label, /^hand-off: ReportsFunction\.Role, examples\/workspace\/app\.yaml:28$/);
    assert.ok(lines.includes(`  linkStyle ${bad} stroke:#c81e1e,stroke-width:3px,stroke-dasharray:6 4,color:#c81e1e`), r.stdout);
    assert.ok(lines.some((l) => /^ {2}classDef mismatch /.test(l)));
  });

  test('mermaid and dot: quotes, bars and angle brackets in a path do not end a label', async () => {
    const dir = workspace({ 'a "b" | <c>/BuildRole-trust-policy.json': trust('glue.amazonaws.com'), 'p.json': POLICY });
    const [mermaid, dot] = await Promise.all([cli(['graph', '.', '--format', 'mermaid'], { cwd: dir }), cli(['graph', '.', '--format', 'dot'], { cwd: dir })]);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^ {2}r0\["BuildRole<br\/>a #quot;b#quot; #124; #lt;c#gt;\/BuildRole-trust-policy\.json:1"\]:::mismatch$/m);
    assert.equal(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /^ {2}r0 \[label="BuildRole\\na \\"b\\" \| <c>\/BuildRole-trust-policy\.json:1", /m);
  });

  test('dot: a digraph with the mismatch edge red and dashed', async () => {
    const r = await cli(['graph', EXAMPLE, '--format', 'dot']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'digraph roles {');
    assert.equal(lines[lines.length - 1], '}');
    const red = lines.filter((l) => /->.*style=dashed/.test(l));
    assert.equal(red.length, 1, r.stdout);
    assert.match(red[0]!, /^ {2}r0 -> p\d+ \[label="hand-off: ReportsFunction\.Role, examples\/workspace\/app\.yaml:28", color="#c81e1e"/);
    assert.ok(lines.some((l) => /^ {2}r0 \[label="BuildRole\\nexamples\/workspace\/BuildRole-trust-policy\.json:1", .*fillcolor="#fde8e8"/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^ {2}p\d+ \[label="lambda\.amazonaws\.com", shape=ellipse/.test(l)));
  });

  test('docs/cli.md shows the map of examples/workspace as the command prints it (Mermaid and text)', async () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    const at = doc.indexOf('<!-- graph: examples/workspace');
    assert.ok(at >= 0, 'the marker is in docs/cli.md');
    const [, mermaidBlock, textBlock] = /```mermaid\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/.exec(doc.slice(at)) ?? [];
    const cwd = path.join(ROOT, EXAMPLE);
    const [mermaid, text] = await Promise.all([cli(['graph', '--format', 'mermaid'], { cwd }), cli(['graph'], { cwd })]);
    assert.equal(mermaid.stdout, mermaidBlock);
    assert.equal(text.stdout, textBlock);
  });

  test('no roles: an empty map, exit 0', async () => {
    const dir = workspace({ 'p.json': POLICY });
    assert.deepEqual(await graphJson(['.'], dir), []);
    const text = await cli(['graph', '.'], { cwd: dir });
    assert.equal(text.code, 0);
    assert.equal(text.stdout, '');
    assert.equal(text.stderr, '0 roles in 1 file: 0 mismatches\n');
  });

  test('bad input: exit 2 with one sentence, nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['graph', 'no/such/folder'], /^iam-role-lens: no\/such\/folder: no such file or folder$/],
      [['graph', EXAMPLE, '--format', 'svg'], /invalid value 'svg' for --format \(expected text, json, mermaid, dot\)/],
      [['graph', EXAMPLE, '--fail-on', 'error'], /--fail-on is not an option of graph/],
      [['graph', EXAMPLE, '--rule', 'policy-version=off'], /--rule is not an option of graph/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trimEnd(), pattern);
    });
  });

  test('an unreadable file is named and the others mapped: exit 2', async () => {
    const dir = workspace({ 'BuildRole-trust-policy.json': trust('glue.amazonaws.com'), 'locked/p.json': POLICY });
    for (const d of [dir, `${dir}/locked`]) fs.chmodSync(d, 0o755);
    fs.chmodSync(`${dir}/BuildRole-trust-policy.json`, 0o644);
    fs.chmodSync(`${dir}/locked/p.json`, 0o000);
    // Where permissions bind: as root they do not, so the run drops to `nobody`.
    const r = await cli(['graph', '.', '--format', 'json'], { cwd: dir, ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^iam-role-lens: locked\/p\.json: permission denied$/m);
    assert.equal(JSON.parse(r.stdout).roles[0].name, 'BuildRole');
  });
});
