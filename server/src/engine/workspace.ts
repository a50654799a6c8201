// The workspace layer: what each file says about roles (the roles it defines with their trust policies, the
// hand-offs and PassRole grants it makes, the exports it offers), kept per file without its tree, and joined
// across files on demand. Pure: the language server and the CLI feed it texts and ask it questions; it reads
// no disk and starts no thread. A reference is joined only when it names one role for certain: a name or an
// export defined in two files, a parameter, a condition, is never guessed at.
import { readDocuments, type Analysis } from './analyze';
import { passableServices } from './iam/effective';
import type { JsonNode } from './json';
import { handoffPrincipals, localFacts, trustsAny, type LocalFacts, type TrustFacts } from './roles/facts';
import type { RoleRef } from './roles/refs';
import { resolveRef, type RemoteRole, type RemoteTrust, type RemoteUse, type WorkspaceView } from './roles/resolve';
import type { AnalysisOptions, Span } from './types';

const span = (n: JsonNode): Span => ({ offset: n.offset, length: n.length });

interface StoredUse {
  kind: 'handoff' | 'grant';
  span: Span;
  label: string;
  principals: string[];
  /** Where the reference leads when it stays in the file (a logical id); else the reference, joined later. */
  local?: string;
  ref: RoleRef;
}

/** The module a Terraform file belongs to: its folder. */
function moduleOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

/** What one file says about roles, without its tree. */
export interface FileFacts {
  roles: RemoteRole[];
  uses: StoredUse[];
  /** Export names and the local role each yields. */
  exports: Map<string, string>;
  /** Offsets where lines start, so spans become line and column without the text. */
  lineStarts: number[];
  kind: Analysis['fileKind'];
}

function trustOf(t: TrustFacts, anchor: Span): RemoteTrust {
  return { services: t.services.map((s) => ({ text: s.text, ...(s.node ? { span: span(s.node) } : {}) })), everyone: t.everyone, denied: [...t.denied], ...(t.others ? { others: [...t.others] } : {}), anchor };
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** The facts of one analysed file, spans only. */
export function factsOf(file: string, analysis: Analysis): FileFacts {
  const facts: LocalFacts = localFacts(analysis);
  const roles: RemoteRole[] = [...facts.roles.values()].map((r) => {
    const role: RemoteRole = { file, key: r.key, kind: r.kind, span: r.span };
    if (r.name) role.name = r.name;
    if (r.trust) role.trust = trustOf(r.trust, r.trust.doc?.anchor ?? r.span);
    return role;
  });
  const uses: StoredUse[] = [];
  const localTarget = (ref: RoleRef): string | undefined => {
    const resolved = resolveRef(ref, facts, analysis);
    return resolved.type === 'role' && resolved.target.where === 'local' ? resolved.target.role.key : undefined;
  };
  for (const h of facts.handoffs) {
    const principals = h.spec.principals ? handoffPrincipals(h.spec) : [];
    if (!h.spec.principals?.length) continue;
    const resolved = resolveRef(h.ref, facts, analysis);
    // Roles of this file are joined now; any other reference is kept and joined across files (an analysis
    // read with a workspace may already have found the other file's role: that is the index's to say).
    const targets = (resolved.type === 'role' ? [resolved.target] : resolved.type === 'profile' ? resolved.roles : []).filter((t) => t.where === 'local');
    if (targets.length) {
      for (const t of targets) uses.push({ kind: 'handoff', span: span(h.node), label: h.label, principals, local: t.role.key, ref: h.ref });
    } else uses.push({ kind: 'handoff', span: span(h.node), label: h.label, principals, ref: h.ref });
  }
  for (const g of facts.grants) {
    const local = localTarget(g.ref);
    const use: StoredUse = { kind: 'grant', span: span(g.item.node), label: g.doc.cfn?.location ?? 'iam:PassRole', principals: passableServices(g.grant), ref: g.ref };
    if (local) use.local = local;
    uses.push(use);
  }
  const exports = new Map<string, string>();
  for (const [name, e] of facts.exports) {
    const local = localTarget(e.ref);
    if (local) exports.set(name, local);
  }
  return { roles, uses, exports, lineStarts: lineStartsOf(analysis.text), kind: analysis.fileKind };
}

/** A role of the map: who may become it, who it is handed to, who may pass it. */
export interface RoleMapEntry {
  role: RemoteRole;
  /** The principals its trust policy names (services; `*` for everyone); none when unseen. */
  assumedBy: string[];
  handedTo: (RemoteUse & { trusted: boolean })[];
  passedBy: (RemoteUse & { trusted: boolean })[];
}

export interface WorkspaceOptions {
  /** A file's text and analysis options, for a fix that edits it (undefined when it cannot be read). */
  load: (file: string) => { text: string; options: AnalysisOptions } | undefined;
}

export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, FileFacts>();
  private joined: { byName: Map<string, RemoteRole[]>; byExport: Map<string, RemoteRole[]>; byModule: Map<string, RemoteRole[]>; incoming: Map<string, RemoteUse[]> } | undefined;
  private readonly loaded = new Map<string, Analysis>();

  constructor(private readonly options: WorkspaceOptions) {}

  /** Reads a file's text into the index (replacing what it said before). */
  set(file: string, text: string, options: AnalysisOptions): void {
    // Facts are read without the workspace: a file says what it says, the joining happens here.
    const own: AnalysisOptions = { ...options, fileName: options.fileName ?? file };
    delete own.workspace;
    this.setRead(file, readDocuments(text, own));
  }

  /** The same, from a text already read with `readDocuments` without the workspace. */
  setRead(file: string, analysis: Analysis): void {
    this.setFacts(file, analysis.skipped ? { roles: [], uses: [], exports: new Map(), lineStarts: lineStartsOf(analysis.text), kind: 'unknown' } : factsOf(file, analysis));
  }

  setFacts(file: string, facts: FileFacts): void {
    this.files.set(file, facts);
    this.loaded.delete(file);
    this.joined = undefined;
  }

  delete(file: string): void {
    if (this.files.delete(file)) this.joined = undefined;
    this.loaded.delete(file);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  get size(): number {
    return this.files.size;
  }

  /** The files the index holds. */
  fileNames(): string[] {
    return [...this.files.keys()];
  }

  facts(file: string): FileFacts | undefined {
    return this.files.get(file);
  }

  /** Line and character of an offset in an indexed file. */
  positionAt(file: string, offset: number): { line: number; character: number } | undefined {
    const starts = this.files.get(file)?.lineStarts;
    if (!starts) return undefined;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  }

  private join() {
    if (this.joined) return this.joined;
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    const byName = new Map<string, RemoteRole[]>();
    const byExport = new Map<string, RemoteRole[]>();
    const byModule = new Map<string, RemoteRole[]>();
    const byKey = new Map<FileFacts, Map<string, RemoteRole>>();
    for (const [file, f] of this.files) {
      const keys = new Map(f.roles.map((r) => [r.key, r] as const));
      byKey.set(f, keys);
      for (const r of f.roles) if (r.name) push(byName, r.name, r);
      for (const r of f.roles) if (r.kind === 'terraform') push(byModule, `${moduleOf(file)}\u0000${r.key}`, r);
      for (const [name, key] of f.exports) {
        const role = keys.get(key);
        if (role) push(byExport, name, role);
      }
    }
    const incoming = new Map<string, RemoteUse[]>();
    const add = (target: RemoteRole, use: RemoteUse) => push(incoming, target.file, use);
    for (const [file, f] of this.files) {
      for (const u of f.uses) {
        const use = (roleKey: string): RemoteUse => ({ file, kind: u.kind, span: u.span, label: u.label, principals: u.principals, roleKey });
        if (u.local) {
          const role = byKey.get(f)!.get(u.local);
          if (role) add(role, use(role.key));
          continue;
        }
        const target = this.targetOf(u.ref, file, byName, byExport, byModule);
        if (target) add(target, use(target.key));
      }
    }
    this.joined = { byName, byExport, byModule, incoming };
    return this.joined;
  }

  /** The one role of another file a reference names; none when no file, or more than one, defines it. */
  private targetOf(ref: RoleRef, fromFile: string, byName: Map<string, RemoteRole[]>, byExport: Map<string, RemoteRole[]>, byModule: Map<string, RemoteRole[]>): RemoteRole | undefined {
    const one = (list: RemoteRole[] | undefined) => {
      const others = (list ?? []).filter((r) => r.file !== fromFile);
      return others.length === 1 && new Set((list ?? []).map((r) => r.file)).size === (list ?? []).length ? others[0] : undefined;
    };
    if (ref.kind === 'import') return one(byExport.get(ref.name));
    if (ref.kind === 'arn' && ref.type === 'role') return one(byName.get(ref.name));
    if (ref.kind === 'name') return one(byName.get(ref.name));
    if (ref.kind === 'local' && ref.id.startsWith('aws_iam_role.')) return one(byModule.get(`${moduleOf(fromFile)}\u0000${ref.id}`));
    return undefined;
  }

  moduleRole(address: string, fromFile: string | undefined): RemoteRole | undefined {
    const j = this.join();
    return this.targetOf({ kind: 'local', id: address, attribute: 'Arn' }, fromFile ?? '', j.byName, j.byExport, j.byModule);
  }

  exportedRole(name: string, fromFile: string | undefined): RemoteRole | undefined {
    const j = this.join();
    return this.targetOf({ kind: 'import', name }, fromFile ?? '', j.byName, j.byExport, j.byModule);
  }

  roleNamed(name: string, fromFile: string | undefined): RemoteRole | undefined {
    const j = this.join();
    return this.targetOf({ kind: 'name', name }, fromFile ?? '', j.byName, j.byExport, j.byModule);
  }

  usesOf(file: string): readonly RemoteUse[] {
    return (this.join().incoming.get(file) ?? []).filter((u) => u.file !== file);
  }

  analysisOf(file: string): Analysis | undefined {
    let a = this.loaded.get(file);
    if (a) return a;
    const loaded = this.options.load(file);
    if (!loaded) return undefined;
    a = readDocuments(loaded.text, { ...loaded.options, fileName: loaded.options.fileName ?? file, workspace: this });
    this.loaded.set(file, a);
    return a;
  }

  /** Files whose findings depend on `file`: those that name its roles, and those whose roles it names. */
  related(file: string): string[] {
    const j = this.join();
    const out = new Set<string>();
    for (const u of j.incoming.get(file) ?? []) if (u.file !== file) out.add(u.file);
    for (const [target, uses] of j.incoming) if (target !== file && uses.some((u) => u.file === file)) out.add(target);
    return [...out];
  }

  /** Every role of the workspace with who may become it, who it is handed to and who may pass it. */
  roleMap(): RoleMapEntry[] {
    const j = this.join();
    const out: RoleMapEntry[] = [];
    const trusted = (role: RemoteRole, principals: readonly string[]) => role.trust === undefined || principals.length === 0 || trustsAny(role.trust, principals);
    for (const f of this.files.values()) {
      for (const role of f.roles) {
        const uses = (j.incoming.get(role.file) ?? []).filter((u) => u.roleKey === role.key);
        out.push({
          role,
          assumedBy: role.trust ? [...(role.trust.everyone ? ['*'] : []), ...role.trust.services.map((s) => s.text)] : [],
          handedTo: uses.filter((u) => u.kind === 'handoff').map((u) => ({ ...u, trusted: trusted(role, u.principals) })),
          passedBy: uses.filter((u) => u.kind === 'grant').map((u) => ({ ...u, trusted: trusted(role, u.principals) })),
        });
      }
    }
    return out.sort((a, b) => (a.role.name ?? a.role.key).localeCompare(b.role.name ?? b.role.key) || a.role.file.localeCompare(b.role.file));
  }
}
