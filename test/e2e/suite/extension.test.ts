// The extension in a real VS Code extension host, over the fixture workspace (a fresh copy per run of
// test/e2e/workspace). The same file runs under @vscode/test-electron and under code-server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, codeActionsAt, type RoleMap, completionsAt, extension, fixture, hasRule, hoverAt, lacksRule, open, ours, positionOf, rangeJson, ruleId, setSetting, waitForDiagnostics, waitUntil } from './helpers';

const WILDCARD = 'passrole-wildcard-resource';
const PREFERRED_FIX = 'Add iam:PassedToService condition: batch.amazonaws.com';
const PICK_FIX = 'Add iam:PassedToService for another service…';
const CONTRAST_ROW = '| Answers | Who may **hand** this role to a service? | Who may **become** this role? |';
const OIDC_SUB = 'trust-oidc-missing-subject';
const LAMBDA_FIX = 'Add iam:PassedToService condition: lambda.amazonaws.com';
const GITHUB_PROVIDER = '!Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com';
/** The extension's root: this file is out/test/e2e/suite/extension.test.js in it. */
/** Quick fixes (ours are quick fixes or source.fixAll.iamRoleLens); JSON's own "Sort JSON" is a source action. */
const fromUs = (a: vscode.CodeAction) => !!a.kind && (vscode.CodeActionKind.QuickFix.contains(a.kind) || a.kind.value.includes('iamRoleLens'));
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('IAM Role Lens in VS Code', () => {
  describe('activation and diagnostics', () => {
    it('opening a policy activates the extension (loaded from source)', async () => {
      const ext = extension();
      assert.equal(ext.extensionPath, EXTENSION_ROOT, 'the suite must run against the extension under test, not an installed copy');
      const events = (ext.packageJSON as { activationEvents: string[] }).activationEvents;
      assert.ok(events.includes('onLanguage:json') && events.includes('onLanguage:jsonc'), JSON.stringify(events));
      // The runners map User/chatLanguageModels.json to plaintext: VS Code opens it as a model at startup,
      // and as JSON it would activate every JSON extension before the suite starts.
      assert.equal(ext.isActive, false, 'the extension must not be active before a JSON document is opened');
      const started = performance.now();
      const editor = await open('passrole-star.json');
      const lens = await api(); // waits for activation, and checks that activate() returned the API
      const active = performance.now();
      await waitForDiagnostics(editor.document.uri, hasRule(WILDCARD), 'the PassRole finding');
      const diagnosed = performance.now();
      await waitUntil(() => lens.status().text === '$(shield) Identity policy', 'status "Identity policy"');
      // For `npm run bench` (a figure, not an assertion): from opening the first policy to the extension
      // being active, and to its first diagnostics.
      const results = path.join(EXTENSION_ROOT, 'test-results', 'e2e');
      fs.mkdirSync(results, { recursive: true });
      const timing = { vscode: vscode.version, openToActiveMs: Math.round(active - started), openToDiagnosticsMs: Math.round(diagnosed - started), at: new Date().toISOString() };
      fs.writeFileSync(path.join(results, 'activation.json'), JSON.stringify(timing, null, 2) + '\n');
    });

    it('a PassRole-on-"*" policy shows exactly the expected finding, with rule id, range and docs link', async () => {
      const uri = fixture('passrole-star.json');
      const ds = await waitForDiagnostics(uri, hasRule(WILDCARD), 'the PassRole finding');
      assert.deepEqual(ds.map(ruleId), [WILDCARD]);
      const d = ds[0]!;
      assert.deepEqual(rangeJson(d.range), [11, 18, 11, 21], 'the range is the "*" of the PassRole statement');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d.message, /allowed on every role with no `iam:PassedToService` condition/);
      const code = d.code as { value: string; target: vscode.Uri };
      assert.match(code.target.toString(), /docs\/rules\/passrole-wildcard-resource\.md$/);
    });
  });

  describe('hovers', () => {
    it('iam:PassRole shows the PassRole card with the PassRole/AssumeRole contrast table', async () => {
      const editor = await open('passrole-star.json');
      const { markdown, hovers } = await hoverAt(editor.document.uri, positionOf(editor.document, '"iam:PassRole"', 3));
      assert.ok(markdown.includes(CONTRAST_ROW), `contrast row missing from:\n${markdown}`);
      assert.match(markdown, /\*\*`iam:PassRole`\*\*: permission to \*hand a role over\* to an AWS service/);
      assert.match(markdown, /no `iam:PassedToService` condition/);
      const ours = hovers.find((h) => h.contents.some((c) => typeof c !== 'string' && c.value.includes(CONTRAST_ROW)));
      assert.deepEqual(ours?.range && rangeJson(ours.range), [10, 16, 10, 30], 'the hover range is the "iam:PassRole" string');
    });

    it('sts:AssumeRole in a trust policy shows the AssumeRole card', async () => {
      const editor = await open('trust-policy.json');
      const { markdown } = await hoverAt(editor.document.uri, positionOf(editor.document, '"sts:AssumeRole"', 3));
      assert.match(markdown, /\*\*`sts:AssumeRole`\*\*: permission to \*become\* a role/);
      assert.ok(markdown.includes(CONTRAST_ROW), `contrast row missing from:\n${markdown}`);
    });
  });

  describe('code actions', () => {
    it('the preferred quick fix adds iam:PassedToService and the finding goes away (not saved to disk)', async () => {
      const editor = await open('quick-fix.json');
      const uri = editor.document.uri;
      const [d] = await waitForDiagnostics(uri, hasRule(WILDCARD), 'the PassRole finding');
      const actions = await codeActionsAt(uri, d!.range);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.deepEqual(preferred.map((a) => a.title), [PREFERRED_FIX], `actions: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(preferred[0]!.kind && vscode.CodeActionKind.QuickFix.contains(preferred[0]!.kind));
      assert.ok(preferred[0]!.edit, 'the preferred fix carries its edit');
      assert.equal(await vscode.workspace.applyEdit(preferred[0]!.edit), true);
      assert.match(editor.document.getText(), /"Resource": "\*",\n {6}"Condition": \{\n {8}"StringEquals": \{\n {10}"iam:PassedToService": \["batch\.amazonaws\.com"\]\n {8}\}\n {6}\}\n {4}\}/);
      await waitForDiagnostics(uri, lacksRule(WILDCARD), 'the PassRole finding to go away');
      assert.equal(editor.document.isDirty, true);
      assert.doesNotMatch(fs.readFileSync(uri.fsPath, 'utf8'), /PassedToService/, 'files.autoSave is off: the fix stays in the editor');
    });

    it('"Add iam:PassedToService for another service…" runs the quick-pick command (stubbed with principals)', async () => {
      const editor = await open('pick-service.json');
      const doc = editor.document;
      const [d] = await waitForDiagnostics(doc.uri, hasRule(WILDCARD), 'the PassRole finding');
      const action = (await codeActionsAt(doc.uri, d!.range)).find((a) => a.title === PICK_FIX);
      assert.ok(action?.command, `no "${PICK_FIX}" action with a command`);
      assert.equal(action.command.command, 'iamRoleLens.pickPassedToService');
      const args = action.command.arguments?.[0] as { uri: string; version: number; statementOffset: number };
      const text = doc.getText();
      assert.deepEqual(args, { uri: doc.uri.toString(), version: doc.version, statementOffset: text.lastIndexOf('{', text.indexOf('"iam:PassRole"')) });
      const applied = await vscode.commands.executeCommand<boolean>('iamRoleLens.pickPassedToService', { ...args, principals: ['glue.amazonaws.com'] });
      assert.equal(applied, true);
      assert.match(doc.getText(), /"Condition": \{\n {8}"StringEquals": \{\n {10}"iam:PassedToService": \["glue\.amazonaws\.com"\]/);
      await waitForDiagnostics(doc.uri, lacksRule(WILDCARD), 'the PassRole finding to go away');
      const stale = await vscode.commands.executeCommand<boolean>('iamRoleLens.pickPassedToService', { ...args, principals: ['ecs-tasks.amazonaws.com'] });
      assert.equal(stale, false, 'arguments for an older version of the document are refused');
      assert.doesNotMatch(doc.getText(), /ecs-tasks/);
    });
  });

  describe('CloudFormation YAML', () => {
    const both = (ds: vscode.Diagnostic[]) => hasRule(WILDCARD)(ds) && hasRule(OIDC_SUB)(ds);

    it('a YAML template gets its findings with rule ids and exact ranges, and is classified as "cloudformation"', async () => {
      const editor = await open('lambda-deployer.yaml');
      const doc = editor.document;
      assert.equal(doc.languageId, 'yaml', 'VS Code opens .yaml as its built-in yaml language');
      const lens = await api();
      const ds = await waitForDiagnostics(doc.uri, both, 'the OIDC and PassRole findings');
      const found = [...ds].sort((a, b) => a.range.start.compareTo(b.range.start)).map((d) => [ruleId(d), rangeJson(d.range), d.severity, doc.getText(d.range)]);
      assert.deepEqual(found, [
        [WILDCARD, [17, 22, 17, 25], vscode.DiagnosticSeverity.Warning, "'*'"],
        [OIDC_SUB, [26, 25, 26, 110], vscode.DiagnosticSeverity.Error, GITHUB_PROVIDER],
      ]);
      assert.match(ds.find((d) => ruleId(d) === OIDC_SUB)!.message, /every repository on GitHub can assume the role/);
      const code = ds.find((d) => ruleId(d) === WILDCARD)!.code as { value: string; target: vscode.Uri };
      assert.match(code.target.toString(), /docs\/rules\/passrole-wildcard-resource\.md$/);
      await waitUntil(() => lens.status().text === '$(shield) CloudFormation', 'status "CloudFormation"');
      const info = await lens.documentInfo(doc.uri);
      assert.equal(info?.kind, 'cloudformation');
      assert.deepEqual(info?.findings, { error: 1, warning: 1, info: 0 });
    });

    it('iam:PassRole in YAML shows the PassRole card over the plain scalar', async () => {
      const editor = await open('lambda-deployer.yaml');
      const { markdown, hovers } = await hoverAt(editor.document.uri, positionOf(editor.document, 'Action: iam:PassRole', 12));
      assert.ok(markdown.includes(CONTRAST_ROW), `contrast row missing from:\n${markdown}`);
      assert.match(markdown, /\*\*`iam:PassRole`\*\*: permission to \*hand a role over\* to an AWS service/);
      const card = hovers.find((h) => h.contents.some((c) => typeof c !== 'string' && c.value.includes(CONTRAST_ROW)));
      assert.deepEqual(card?.range && rangeJson(card.range), [16, 20, 16, 32], 'the hover range is the iam:PassRole scalar');
    });

    it('the preferred quick fix writes the iam:PassedToService condition as YAML; only the OIDC finding is left', async () => {
      const editor = await open('quick-fix.yaml');
      const doc = editor.document;
      const before = doc.getText();
      const ds = await waitForDiagnostics(doc.uri, both, 'the OIDC and PassRole findings');
      const d = ds.find((x) => ruleId(x) === WILDCARD)!;
      const actions = await codeActionsAt(doc.uri, d.range);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.deepEqual(preferred.map((a) => a.title), [LAMBDA_FIX], `actions: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(preferred[0]!.edit, 'the preferred fix carries its edit');
      assert.equal(await vscode.workspace.applyEdit(preferred[0]!.edit), true);
      // The condition goes under the statement, in the file's block style, before the next resource.
      const statement = "          - Effect: Allow\n            Action: iam:PassRole\n            Resource: '*'\n  GitHubDeployRole:\n";
      const fixed = [
        '          - Effect: Allow',
        '            Action: iam:PassRole',
        "            Resource: '*'",
        '            Condition:',
        '              StringEquals:',
        '                iam:PassedToService: [lambda.amazonaws.com]',
        '  GitHubDeployRole:',
        '',
      ].join('\n');
      assert.ok(before.includes(statement), 'the fixture has the PassRole statement right before GitHubDeployRole');
      assert.equal(doc.getText(), before.replace(statement, fixed));
      const after = await waitForDiagnostics(doc.uri, lacksRule(WILDCARD), 'the PassRole finding to go away');
      assert.deepEqual(after.map((x) => [ruleId(x), rangeJson(x.range)]), [[OIDC_SUB, [29, 25, 29, 110]]], 'the OIDC finding, three lines further down');
      assert.equal(doc.isDirty, true);
      assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), before, 'files.autoSave is off: the fix stays in the editor');
    });

    it('completion in YAML: condition keys for a GitHub trust on a new key line and in a key, actions in a block list', async () => {
      const text = fs.readFileSync(fixture('lambda-deployer.yaml').fsPath, 'utf8');
      const aud = '                token.actions.githubusercontent.com:aud: sts.amazonaws.com\n';
      const typedKey = '                token.actions.githubusercontent.com:s';
      const typedAction = '              - lambda:InvokeF';
      const typed = text.replace(aud, `${aud}${typedKey}\n`).replace('              - lambda:UpdateFunctionConfiguration\n', `$&${typedAction}\n`);
      assert.ok(typed.includes(typedKey) && typed.includes(typedAction), 'the fixture has the lines the test types after');
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: typed });
      await vscode.window.showTextDocument(doc, { preview: false });
      await api();

      const keyAt = doc.positionAt(typed.indexOf(typedKey) + typedKey.length);
      const keys = await completionsAt(doc.uri, keyAt);
      const sub = keys[0];
      assert.equal(sub?.label, 'token.actions.githubusercontent.com:sub', `first items: ${JSON.stringify(keys.slice(0, 3).map((i) => i.label))}`);
      assert.ok(sub.range instanceof vscode.Range, 'one range: the token the item replaces');
      assert.deepEqual(rangeJson(sub.range), [keyAt.line, 16, keyAt.line, keyAt.character], 'the item replaces the key typed so far');
      assert.equal(sub.insertText instanceof vscode.SnippetString ? sub.insertText.value : sub.insertText, 'token.actions.githubusercontent.com:sub: $1');

      // Inside an existing key with a colon in it: the whole key is replaced, not just the part before its colon.
      const audKey = 'token.actions.githubusercontent.com:aud';
      const inAud = doc.positionAt(typed.indexOf(audKey) + 'token.actions'.length);
      const onAud = (await completionsAt(doc.uri, inAud)).find((i) => i.label === 'token.actions.githubusercontent.com:sub');
      assert.ok(onAud?.range instanceof vscode.Range, 'the :sub key is offered inside the :aud key, with one range');
      assert.deepEqual(rangeJson(onAud.range), [inAud.line, 16, inAud.line, 16 + audKey.length], 'the item replaces the whole key');

      const actionAt = doc.positionAt(typed.indexOf(typedAction) + typedAction.length);
      const actions = await completionsAt(doc.uri, actionAt);
      const invoke = actions.find((i) => i.label === 'lambda:InvokeFunction');
      assert.ok(invoke, `lambda:InvokeFunction not offered: ${JSON.stringify(actions.slice(0, 5).map((i) => i.label))}`);
      assert.ok(invoke.range instanceof vscode.Range, 'one range: the token the item replaces');
      assert.deepEqual(rangeJson(invoke.range), [actionAt.line, 16, actionAt.line, actionAt.character], 'the item replaces the action typed so far');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('settings', () => {
    afterEach(() => setSetting('rules', undefined));

    it('iamRoleLens.rules with the rule set to "off" removes the finding; removing the setting brings it back', async () => {
      const editor = await open('rules-off.json');
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, hasRule(WILDCARD), 'the PassRole finding');
      await setSetting('rules', { [WILDCARD]: 'off' });
      await waitForDiagnostics(uri, lacksRule(WILDCARD), 'the finding to go once the rule is off');
      await setSetting('rules', undefined);
      await waitForDiagnostics(uri, hasRule(WILDCARD), 'the finding to come back');
    });
  });

  describe('file kinds', () => {
    it('a JSON file that is not a policy gets nothing: no diagnostics, hover or code action', async () => {
      const lens = await api();
      const editor = await open('not-a-policy.json');
      const uri = editor.document.uri;
      await waitUntil(() => lens.status().text.includes('Not a policy'), 'status "Not a policy"');
      const info = await lens.documentInfo(uri);
      assert.equal(info?.kind, 'unknown');
      assert.deepEqual(info?.findings, { error: 0, warning: 0, info: 0 });
      assert.deepEqual(ours(uri), []);
      const pos = positionOf(editor.document, '"iam:PassRole"', 3);
      assert.equal((await hoverAt(uri, pos)).markdown, '');
      const actions = await codeActionsAt(uri, new vscode.Range(pos, pos));
      assert.deepEqual(actions.filter(fromUs).map((a) => a.title), [], `actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    });

    it('a trust policy is classified as "trust"', async () => {
      const lens = await api();
      const editor = await open('trust-policy.json');
      await waitUntil(() => lens.status().text === '$(shield) Trust policy', 'status "Trust policy"');
      assert.equal((await lens.documentInfo(editor.document.uri))?.kind, 'trust');
      assert.deepEqual(ours(editor.document.uri).filter((d) => /^pass/.test(ruleId(d) ?? '')), [], 'no PassRole findings in a trust policy that has no PassRole');
    });

    it('a CloudFormation template is classified as "cloudformation", with its embedded policies analysed', async () => {
      const lens = await api();
      const editor = await open('template.json');
      await waitUntil(() => lens.status().text === '$(shield) CloudFormation', 'status "CloudFormation"');
      assert.match(lens.status().detail ?? '', /2 embedded policies/);
      assert.equal((await lens.documentInfo(editor.document.uri))?.kind, 'cloudformation');
      const ds = await waitForDiagnostics(editor.document.uri, hasRule('passrole-missing-passed-to-service'), 'the finding inside the template');
      const found = ds.filter((d) => ruleId(d) === 'passrole-missing-passed-to-service').map((d) => rangeJson(d.range));
      assert.deepEqual(found, [[27, 24, 27, 38]], 'on the "iam:PassRole" of the embedded managed policy');
    });
  });

  describe('roles across files (roles/policies/deploy.json passes BuildRole to CodeBuild; roles/BuildRole-trust-policy.json trusts Glue)', () => {
    const MISMATCH = 'passrole-trust-mismatch';
    const TRUST_FIX = 'Trust codebuild.amazonaws.com in the trust policy of BuildRole (BuildRole-trust-policy.json)';
    const buildRole = (m: RoleMap | undefined) => m?.roles.find((r) => r.name === 'BuildRole');

    it('roleMap() has BuildRole from its trust-policy file: trusted by Glue, passed by deploy.json to CodeBuild, not trusted', async () => {
      await open('roles/policies/deploy.json');
      const lens = await api();
      const role = await waitUntil(async () => {
        const m = await lens.roleMap();
        return m && !m.indexing ? buildRole(m) : undefined;
      }, 'BuildRole in the role map, the workspace read');
      assert.equal(role.uri, fixture('roles/BuildRole-trust-policy.json').toString());
      assert.equal(role.source, 'trust-policy-file');
      assert.equal(role.trustPolicySeen, true);
      assert.deepEqual(role.assumedBy, ['glue.amazonaws.com']);
      assert.deepEqual(role.handedTo, []);
      assert.deepEqual(
        role.passedBy.map((u) => ({ uri: u.uri, line: u.range.start.line, principals: u.principals, trusted: u.trusted })),
        [{ uri: fixture('roles/policies/deploy.json').toString(), line: 13, principals: ['codebuild.amazonaws.com'], trusted: false }],
      );
    });

    it('the PassRole side gets the warning, related to the trust policy in the other file; the trust side is told as info', async () => {
      const policy = fixture('roles/policies/deploy.json');
      const trust = fixture('roles/BuildRole-trust-policy.json');
      await open('roles/policies/deploy.json');
      const [d] = (await waitForDiagnostics(policy, hasRule(MISMATCH), 'the mismatch on the PassRole side')).filter((x) => ruleId(x) === MISMATCH);
      assert.deepEqual(rangeJson(d!.range), [14, 62, 14, 87], 'on "codebuild.amazonaws.com"');
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d!.message, /Role `BuildRole` may be passed to `codebuild\.amazonaws\.com`, but its trust policy trusts `glue\.amazonaws\.com`/);
      assert.deepEqual(
        d!.relatedInformation?.map((r) => [r.location.uri.toString(), rangeJson(r.location.range), r.message]),
        [[trust.toString(), [5, 32, 5, 52], 'The trust policy of `BuildRole`.']],
      );
      await open('roles/BuildRole-trust-policy.json');
      const infos = (await waitForDiagnostics(trust, hasRule(MISMATCH), 'the trust side of the mismatch')).filter((x) => ruleId(x) === MISMATCH);
      const passed = infos.find((x) => /may be passed to `codebuild\.amazonaws\.com` by `iam:PassRole` \(deploy\.json\)/.test(x.message));
      assert.ok(passed, JSON.stringify(infos.map((x) => x.message)));
      assert.equal(passed.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual(rangeJson(passed.range), [5, 32, 5, 52], 'on "glue.amazonaws.com"');
      assert.deepEqual(passed.relatedInformation?.map((r) => [r.location.uri.toString(), rangeJson(r.location.range)]), [[policy.toString(), [13, 18, 13, 60]]]);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('the fix "Trust codebuild.amazonaws.com" edits the trust policy, the other file; the warning goes and the map marks it trusted', async () => {
      const policy = fixture('roles/policies/deploy.json');
      const trust = fixture('roles/BuildRole-trust-policy.json');
      const onDisk = fs.readFileSync(trust.fsPath, 'utf8');
      await open('roles/policies/deploy.json');
      const lens = await api();
      const [d] = (await waitForDiagnostics(policy, hasRule(MISMATCH), 'the mismatch')).filter((x) => ruleId(x) === MISMATCH);
      const actions = await codeActionsAt(policy, d!.range);
      const fix = actions.find((a) => a.title === TRUST_FIX);
      assert.ok(fix?.edit, `no "${TRUST_FIX}": ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(fix.isPreferred, undefined, 'widening a trust policy is never the preferred fix');
      assert.deepEqual(fix.edit.entries().map(([uri]) => uri.toString()), [trust.toString()], 'the fix edits the trust policy only');
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const edited = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === trust.toString());
      assert.equal(edited?.getText(), onDisk.replace('"Service": "glue.amazonaws.com"', '"Service": ["glue.amazonaws.com", "codebuild.amazonaws.com"]'));
      await waitForDiagnostics(policy, lacksRule(MISMATCH), 'the mismatch to go once the trust policy trusts CodeBuild');
      const role = await waitUntil(async () => {
        const r = buildRole(await lens.roleMap());
        return r && r.passedBy.every((u) => u.trusted) ? r : undefined;
      }, 'BuildRole passed to a trusted service in the role map');
      assert.deepEqual(role.assumedBy, ['glue.amazonaws.com', 'codebuild.amazonaws.com']);
      assert.equal(fs.readFileSync(trust.fsPath, 'utf8'), onDisk, 'files.autoSave is off: the edit stays in the editor');
      // Back to the file on disk: the warning comes back.
      await vscode.window.showTextDocument(edited);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitForDiagnostics(policy, hasRule(MISMATCH), 'the mismatch back once the edit is reverted');
    });
  });

  describe('explainer', () => {
    it('iamRoleLens.explain opens the PassRole/AssumeRole explainer for the active policy', async () => {
      const lens = await api();
      await open('passrole-star.json');
      await vscode.commands.executeCommand('iamRoleLens.explain');
      const e = await waitUntil(() => lens.explanation(), 'the explainer content');
      assert.equal(e.kind, 'identity');
      assert.deepEqual(e.passRole.lines, ['May pass `*` to **any service** (no `iam:PassedToService`).']);
      assert.match(e.together.lines[0] ?? '', /The trust policy of `\*` must trust the service it is passed to/);
      const tab = await waitUntil(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('iamRoleLens.explainer')),
        'a webview tab for the explainer',
      );
      await waitUntil(() => tab.label === e.title || vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === e.title), `the explainer tab titled "${e.title}"`);
      await vscode.window.tabGroups.close(tab);
    });
  });

  describe('Japanese (iamRoleLens.language: "ja")', () => {
    after(() => setSetting('language', undefined));

    it('messages, hovers, quick fixes and the status switch to Japanese', async () => {
      const lens = await api();
      const editor = await open('japanese.json');
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, hasRule(WILDCARD), 'the PassRole finding');
      await setSetting('language', 'ja');
      const ja = /すべてのロールに対して `iam:PassedToService` 条件なしで許可されています/;
      const [d] = await waitForDiagnostics(uri, (ds) => ds.some((x) => ruleId(x) === WILDCARD && ja.test(x.message)), 'the Japanese message');
      const { markdown } = await hoverAt(uri, positionOf(editor.document, '"iam:PassRole"', 3));
      assert.match(markdown, /ロールを AWS サービスに\*渡す\*ためのアクセス許可/);
      assert.ok(markdown.includes('| 答える問い | このロールをサービスに**渡せる**のは誰か | このロールを**引き受けられる**のは誰か |'), markdown);
      const titles = (await codeActionsAt(uri, d!.range)).map((a) => a.title);
      assert.ok(titles.includes('iam:PassedToService 条件（batch.amazonaws.com）を追加する'), JSON.stringify(titles));
      assert.ok(titles.includes('別のサービスの iam:PassedToService を追加する…'), JSON.stringify(titles));
      await waitUntil(() => lens.status().text === '$(shield) アイデンティティポリシー', 'the Japanese status');
      await setSetting('language', undefined);
      await waitForDiagnostics(uri, (ds) => ds.some((x) => ruleId(x) === WILDCARD && /every role/.test(x.message)), 'English again');
    });
  });
});
