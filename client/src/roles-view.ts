// The IAM Roles view (Explorer): every role of the workspace, and under it who may become it (its trust
// policy), what it is handed to (hand-offs) and who may pass it (PassRole grants), each entry opening its
// place; a hand-off or grant to a service the role does not trust is marked. The map is the server's
// (iamRoleLens/roleMap); the view asks again when the server says it changed.
import * as vscode from 'vscode';
import type { MapPlace, MapRoleItem, MapUse, RoleMap } from '../../server/src/protocol';

type Node =
  | { type: 'role'; role: MapRoleItem }
  | { type: 'group'; role: MapRoleItem; group: 'assumedBy' | 'handedTo' | 'passedBy' }
  | { type: 'principal'; role: MapRoleItem; principal: string }
  | { type: 'use'; role: MapRoleItem; use: MapUse; group: 'handedTo' | 'passedBy' }
  | { type: 'message'; text: string };

const mismatches = (r: MapRoleItem) => r.handedTo.filter((u) => !u.trusted).length + r.passedBy.filter((u) => !u.trusted).length;

function fileName(uri: string): string {
  const path = vscode.Uri.parse(uri).path;
  return path.slice(path.lastIndexOf('/') + 1);
}

function openCommand(place: MapPlace): vscode.Command {
  const range = new vscode.Range(place.range.start.line, place.range.start.character, place.range.end.line, place.range.end.character);
  return { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [vscode.Uri.parse(place.uri), { selection: range } satisfies vscode.TextDocumentShowOptions] };
}

export class RolesView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private map: RoleMap | undefined;
  private loading: Promise<RoleMap | undefined> | undefined;

  constructor(private readonly fetch: () => Promise<RoleMap | undefined>) {}

  /** The server's map changed: asked for again when the view next shows it. */
  refresh(): void {
    this.map = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** The map as last fetched (for tests and the view's title). */
  async current(): Promise<RoleMap | undefined> {
    if (this.map) return this.map;
    this.loading ??= this.fetch().then((m) => (this.map = m));
    return this.loading;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const map = await this.current();
      if (!map) return [{ type: 'message', text: vscode.l10n.t('The IAM Role Lens server is not running.') }];
      const roles: Node[] = map.roles.map((role) => ({ type: 'role', role }));
      if (map.indexing) roles.push({ type: 'message', text: vscode.l10n.t('Reading the workspace…') });
      else if (roles.length === 0) roles.push({ type: 'message', text: vscode.l10n.t('No IAM role found in the workspace.') });
      return roles;
    }
    if (node.type === 'role') {
      const groups: Node[] = [{ type: 'group', role: node.role, group: 'assumedBy' }];
      if (node.role.handedTo.length) groups.push({ type: 'group', role: node.role, group: 'handedTo' });
      if (node.role.passedBy.length) groups.push({ type: 'group', role: node.role, group: 'passedBy' });
      return groups;
    }
    if (node.type === 'group') {
      if (node.group === 'assumedBy') return node.role.assumedBy.map((principal) => ({ type: 'principal', role: node.role, principal }));
      return node.role[node.group].map((use) => ({ type: 'use', role: node.role, use, group: node.group as 'handedTo' | 'passedBy' }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'message':
        return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      case 'role': {
        const r = node.role;
        const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.Collapsed);
        const bad = mismatches(r);
        item.id = `role:${r.uri}#${r.id}`;
        item.description = bad ? vscode.l10n.t('{0} not trusted · {1}', bad, fileName(r.uri)) : fileName(r.uri);
        item.iconPath = new vscode.ThemeIcon(bad ? 'warning' : 'shield', bad ? new vscode.ThemeColor('list.warningForeground') : undefined);
        item.tooltip = new vscode.MarkdownString(`**${r.name}** (${r.source})\n\n${vscode.Uri.parse(r.uri).fsPath}`);
        item.command = openCommand(r);
        item.contextValue = bad ? 'iamRole.mismatch' : 'iamRole';
        return item;
      }
      case 'group': {
        const r = node.role;
        const label =
          node.group === 'assumedBy' ? vscode.l10n.t('May be assumed by') : node.group === 'handedTo' ? vscode.l10n.t('Handed to') : vscode.l10n.t('May be passed by');
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${r.uri}#${r.id}:${node.group}`;
        if (node.group === 'assumedBy' && !r.trustPolicySeen) item.description = vscode.l10n.t('trust policy not seen');
        else if (node.group === 'assumedBy' && r.assumedBy.length === 0) item.description = vscode.l10n.t('no service');
        return item;
      }
      case 'principal': {
        const item = new vscode.TreeItem(node.principal, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('person');
        return item;
      }
      case 'use': {
        const u = node.use;
        const services = u.principals.length ? u.principals.join(', ') : vscode.l10n.t('any service');
        const item = new vscode.TreeItem(services, vscode.TreeItemCollapsibleState.None);
        item.description = `${u.label} · ${fileName(u.uri)}:${u.range.start.line + 1}`;
        item.iconPath = u.trusted ? new vscode.ThemeIcon(node.group === 'handedTo' ? 'arrow-right' : 'key') : new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.tooltip = u.trusted ? undefined : vscode.l10n.t('The trust policy of {0} does not trust {1}.', node.role.name, services);
        item.command = openCommand(u);
        item.contextValue = u.trusted ? 'iamRoleUse' : 'iamRoleUse.mismatch';
        return item;
      }
    }
  }
}
