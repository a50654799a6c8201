// The workspace layer: what each file says about roles (the roles it defines with their trust policies, the
// hand-offs and PassRole grants it makes, the exports it offers), kept per file without its tree, and joined
// across files on demand. Pure: the language server and the CLI feed it texts and ask it questions; it reads
// no disk and starts no thread. A reference is joined only when it names one role for certain: a name or an
// export defined in two files, a parameter, a condition, is never guessed at.
import { readDocuments, type Analysis } from './analyze';
import { passableServices } from './iam/effective';
import type { JsonNode } from './json';
import { handoffPrincipals, localFacts, trustFacts, trustsAny, type LocalFacts, type TrustFacts } from './roles/facts';
import { followRef, normalisePath, type FileLinks, type LinkGraph } from './roles/links';
import { templateLinks } from './roles/nested-stacks';
import type { RoleRef } from './roles/refs';
import { templatedTrust, terraformLinks } from './roles/tf-modules';
import { resolveRef, type RemoteRole, type RemoteTrust, type RemoteUse, type RoleTarget, type WorkspaceView } from './roles/resolve';
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
  /** Nested stacks, module calls, outputs, parameters, trust-policy files (roles/links.ts). */
  links?: FileLinks;
}

/** Whether a file says nothing the index needs. */
export function isEmptyFacts(f: FileFacts): boolean {
  return f.roles.length === 0 && f.uses.length === 0 && f.exports.size === 0 && f.links === undefined;
}

function trustOf(t: TrustFacts, anchor: Span): RemoteTrust {
  return { services: t.services.map((s) => ({ text: s.text, ...(s.node ? { span: span(s.node) } : {}) })), everyone: t.everyone, denied: [...t.denied], ...(t.others ? { others: [...t.others] } : {}), ...(t.unknown ? { unknown: true as const } : {}), anchor };
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** The facts of one analysed file, spans only. */
export function factsOf(file: string, analysis: Analysis): FileFacts {
  const facts: LocalFacts = localFacts(analysis);
  const roles: RemoteRole[] = [...facts.roles.values()].filter((r) => !r.heldFor).map((r) => {
    const role: RemoteRole = { file, key: r.key, kind: r.kind, span: r.span };
    if (r.name) role.name = r.name;
    if (r.readOnly) role.readOnly = true;
    if (r.trust) role.trust = trustOf(r.trust, r.trust.doc?.anchor ?? r.span);
    return role;
  });
  const uses: StoredUse[] = [];
  // A role of this file: found here, or held by the trust-policy file it reads (an analysis read with the
  // workspace says so); the index joins the latter itself.
  const own = (t: RoleTarget): boolean => t.where === 'local' || (t.role.file !== file && facts.roles.get(t.role.key)?.trustFile !== undefined);
  const localTarget = (ref: RoleRef): string | undefined => {
    const resolved = resolveRef(ref, facts, analysis);
    return resolved.type === 'role' && own(resolved.target) ? resolved.target.role.key : undefined;
  };
  for (const h of facts.handoffs) {
    const principals = h.spec.principals ? handoffPrincipals(h.spec) : [];
    if (!h.spec.principals?.length) continue;
    const resolved = resolveRef(h.ref, facts, analysis);
    // Roles of this file are joined now; any other reference is kept and joined across files (an analysis
    // read with a workspace may already have found the other file's role: that is the index's to say).
    const targets = (resolved.type === 'role' ? [resolved.target] : resolved.type === 'profile' ? resolved.roles : []).filter(own);
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
  const out: FileFacts = { roles, uses, exports, lineStarts: lineStartsOf(analysis.text), kind: analysis.fileKind };
  const links = linksOf(analysis, facts, localTarget);
  if (links) out.links = links;
  return out;
}

/** What a file says about links to other files: nested stacks, module calls, outputs, its trust policy. */
function linksOf(analysis: Analysis, facts: LocalFacts, local: (ref: RoleRef) => string | undefined): FileLinks | undefined {
  const trustFiles: NonNullable<FileLinks['trustFiles']> = {};
  for (const r of facts.roles.values()) if (r.trustFile) trustFiles[r.key] = r.trustFile;
  const links: FileLinks = (analysis.template ? templateLinks(analysis, local) : analysis.terraform ? terraformLinks(analysis, local, trustFiles) : undefined) ?? {};
  if (analysis.fileKind === 'trust' && analysis.documents.length === 1) {
    // Any trust-policy file may be the one a Terraform role reads with file() or templatefile().
    const doc = analysis.documents[0]!;
    links.trustDoc = { ...trustOf(trustFacts(doc), doc.anchor), templated: templatedTrust(doc, analysis.text) };
  }
  return Object.keys(links).length ? links : undefined;
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
  private joined:
    | { byName: Map<string, RemoteRole[]>; byExport: Map<string, RemoteRole[]>; byModule: Map<string, RemoteRole[]>; incoming: Map<string, RemoteUse[]>; graph: LinkGraph; claims: Map<string, { file: string; key: string }[]>; through: Map<string, Set<string>> }
    | undefined;
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
    // Files with links, by normalised path; trust-policy files a Terraform role reads (file → its roles).
    const byPath = new Map<string, string>();
    const linked: string[] = [];
    const claims = new Map<string, { file: string; key: string }[]>();
    for (const [file, f] of this.files) {
      if (!f.links) continue;
      byPath.set(normalisePath(file), file);
      linked.push(file);
    }
    for (const [file, f] of this.files) {
      for (const [key, t] of Object.entries(f.links?.trustFiles ?? {})) {
        const at = byPath.get(t.file);
        const doc = at === undefined ? undefined : this.files.get(at)?.links?.trustDoc;
        if (at !== undefined && doc && !(t.template && doc.templated)) push(claims, at, { file, key });
      }
    }
    for (const [file, f] of this.files) {
      // A trust-policy file a Terraform role reads is that role's: not also a role of its own name.
      const roles = claims.has(file) ? f.roles.filter((r) => r.kind !== 'trust-file') : f.roles;
      const keys = new Map(roles.map((r) => [r.key, r] as const));
      byKey.set(f, keys);
      for (const r of roles) if (r.name) push(byName, r.name, r);
      for (const r of f.roles) if (r.kind === 'terraform') push(byModule, `${moduleOf(file)}\u0000${r.key}`, r);
      for (const [name, key] of f.exports) {
        const role = keys.get(key);
        if (role) push(byExport, name, role);
      }
    }
    // A Terraform role whose trust policy is a file: that file holds it (its trust, its fixes, its info).
    const held = (role: RemoteRole): RemoteRole => {
      const t = this.files.get(role.file)?.links?.trustFiles?.[role.key];
      const at = t ? byPath.get(t.file) : undefined;
      if (at === undefined || !claims.get(at)?.some((c) => c.file === role.file && c.key === role.key)) return role;
      const doc = this.files.get(at)!.links!.trustDoc!;
      const trust: RemoteTrust = { services: doc.services, everyone: doc.everyone, denied: doc.denied, anchor: doc.anchor, ...(doc.others ? { others: doc.others } : {}) };
      const out: RemoteRole = { file: at, key: role.key, kind: role.kind, span: trust.anchor, trust };
      if (role.name) out.name = role.name;
      return out;
    };
    const graph: LinkGraph = {
      byPath,
      links: (file) => this.files.get(file)?.links,
      roleAt: (file, key) => {
        const f = this.files.get(file);
        const role = f ? byKey.get(f)?.get(key) : undefined;
        return role && held(role);
      },
      named: (ref, from) => {
        const role = this.targetOf(ref, from, byName, byExport, byModule);
        return role && held(role);
      },
      files: () => linked,
    };
    const incoming = new Map<string, RemoteUse[]>();
    const add = (target: RemoteRole, use: RemoteUse) => push(incoming, target.file, use);
    // Files a link was followed through (a parent's Parameters, a module's outputs.tf), and the files whose
    // findings then depend on them: the use's and the role's.
    const through = new Map<string, Set<string>>();
    for (const [file, f] of this.files) {
      for (const u of f.uses) {
        const use = (roleKey: string): RemoteUse => ({ file, kind: u.kind, span: u.span, label: u.label, principals: u.principals, roleKey });
        const trail = new Set<string>();
        const target = u.local ? graph.roleAt(file, u.local) : followRef(graph, file, u.ref, 0, trail);
        if (target) add(target, use(target.key));
        for (const via of trail) {
          if (via === file) continue;
          const deps = through.get(via) ?? new Set<string>();
          through.set(via, deps);
          deps.add(file);
          if (target && target.file !== via) deps.add(target.file);
        }
      }
    }
    this.joined = { byName, byExport, byModule, incoming, graph, claims, through };
    return this.joined;
  }

  linkedRole(ref: RoleRef, fromFile: string | undefined): RemoteRole | undefined {
    if (fromFile === undefined) return undefined;
    const j = this.join();
    const role = followRef(j.graph, fromFile, ref);
    return role && role.file === fromFile ? undefined : role;
  }

  trustFileRole(file: string | undefined, key: string): RemoteRole | undefined {
    if (file === undefined) return undefined;
    const role = this.join().graph.roleAt(file, key);
    return role && role.file !== file ? role : undefined;
  }

  trustFileRoles(file: string): { key: string; name?: string }[] {
    return (this.join().claims.get(file) ?? []).map((c) => {
      const name = this.files.get(c.file)?.roles.find((r) => r.key === c.key)?.name;
      return name ? { key: c.key, name } : { key: c.key };
    });
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
    return this.join().graph.named({ kind: 'local', id: address, attribute: 'Arn' }, fromFile ?? '');
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
    for (const f of j.through.get(file) ?? []) if (f !== file) out.add(f);
    // A Terraform role of this file whose trust policy is a file: that file, and who uses the role there.
    for (const [at, cs] of j.claims) {
      if (!cs.some((c) => c.file === file)) continue;
      out.add(at);
      for (const u of j.incoming.get(at) ?? []) if (u.file !== file) out.add(u.file);
    }
    return [...out];
  }

  /** Every role of the workspace with who may become it, who it is handed to and who may pass it. */
  roleMap(): RoleMapEntry[] {
    const j = this.join();
    const out: RoleMapEntry[] = [];
    const trusted = (role: RemoteRole, principals: readonly string[]) => role.trust === undefined || principals.length === 0 || trustsAny(role.trust, principals);
    for (const [file, f] of this.files) {
      for (const own of f.roles) {
        if (j.claims.has(file) && own.kind === 'trust-file') continue;
        // A role whose trust policy is a file: listed where it is defined, with that file's trust policy.
        const shown = j.graph.roleAt(file, own.key) ?? own;
        const role: RemoteRole = shown === own ? own : { ...own, ...(shown.trust ? { trust: shown.trust } : {}) };
        const uses = (j.incoming.get(shown.file) ?? []).filter((u) => u.roleKey === role.key);
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
