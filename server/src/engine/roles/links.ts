// Links between files that a role reference may cross: a CloudFormation nested stack (its TemplateURL a local
// path, its Parameters, the child's Outputs), a Terraform local module (its source folder, its arguments, the
// module's `output` blocks), and a Terraform role whose trust policy is a JSON file (`file()` /
// `templatefile()`). What a file says about them is kept without its tree; the workspace index follows them.
// A link is followed only when it names one file (or folder) for certain: an S3 URL, a registry or git source,
// a parameter's default, a child with two callers, is never guessed at.
import type { JsonNode } from '../json';
import type { RoleRef } from './refs';
import type { RemoteRole, RemoteTrust } from './resolve';

/** A value that may name a role: the role of the same file it names (its key), or the reference, joined later. */
export interface StoredRef {
  local?: string;
  ref: RoleRef;
}

/** A nested stack or a module call: the child it names and what it is given. */
export interface ChildLink {
  /** `Child` (a logical id) or `module.NAME`. */
  id: string;
  kind: 'stack' | 'module';
  /** The child template's path, or the module's folder, as an index key (`/` separated, normalised). */
  child: string;
  /** Parameters (a stack) or arguments (a module) by name. */
  args: Record<string, StoredRef>;
}

/** What one file says about links. Plain data (it crosses to and from worker threads). */
export interface FileLinks {
  /** A template's Parameters: a `Ref` of one is the value its parent stack passes. */
  params?: string[];
  children?: ChildLink[];
  /** A template's Outputs, a Terraform module's `output` blocks, by name. */
  outputs?: Record<string, StoredRef>;
  /** Terraform roles whose trust policy is a file: the role's key → the file (an index key) and how it is read. */
  trustFiles?: Record<string, { file: string; template: boolean }>;
  /**
   * A trust-policy file's policy, for a role whose `assume_role_policy` reads it. `templated`: placeholders
   * (`${…}`, `%{…}`) where they change who is trusted (a principal, an action, an effect), so a
   * `templatefile()` of it is unknown.
   */
  trustDoc?: RemoteTrust & { templated?: boolean };
}

/** Paths already normalised (the index asks for the same few thousand paths at every join). */
const normalised = new Map<string, string>();

/** A path with `/` separators, `.` and `..` folded. */
export function normalisePath(p: string): string {
  const hit = normalised.get(p);
  if (hit !== undefined) return hit;
  if (normalised.size > 100_000) normalised.clear();
  const out = fold(p);
  normalised.set(p, out);
  return out;
}

function fold(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  const lead = /^(?:[A-Za-z]:)?\//.exec(slashed)?.[0] ?? '';
  const out: string[] = [];
  for (const part of slashed.slice(lead.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return lead + out.join('/');
}

/** The folder of a file, `/` separated ('' for a bare name). */
export function folderOf(file: string): string {
  const n = normalisePath(file);
  const i = n.lastIndexOf('/');
  return i < 0 ? '' : n.slice(0, i);
}

/** A path relative to a file's folder, when it is a local relative path (no URL, no interpolation, not absolute). */
export function localPath(fromFile: string, relative: string): string | undefined {
  const p = relative.trim();
  if (p === '' || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('/') || p.startsWith('\\') || /[${}*?]/.test(p) || p.startsWith('~')) return undefined;
  const dir = folderOf(fromFile);
  return normalisePath(dir ? `${dir}/${p}` : p);
}

/** A JSON string node standing for a reference's text (what the rules read a Terraform reference as). */
export function textNode(text: string, offset: number, length: number): JsonNode {
  return { type: 'string', value: text, offset, length };
}

/** The index as the link resolver sees it. */
export interface LinkGraph {
  /** Files by their normalised path. */
  byPath: Map<string, string>;
  links(file: string): FileLinks | undefined;
  /** A role of a file by its key (with its trust from a trust file when it has one). */
  roleAt(file: string, key: string): RemoteRole | undefined;
  /** The role a reference names by name, export or module address (the index's other joins). */
  named(ref: RoleRef, fromFile: string): RemoteRole | undefined;
  /** Every file with links. */
  files(): Iterable<string>;
}

const MAX_HOPS = 8;

/** The one element of a list, else nothing (none or several: never guessed at). */
function one<T>(list: readonly T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** The role a stored value of `file` names, following links. */
export function followStored(g: LinkGraph, file: string, stored: StoredRef, hops = 0, trail?: Set<string>): RemoteRole | undefined {
  if (stored.local !== undefined) return g.roleAt(file, stored.local);
  return followRef(g, file, stored.ref, hops, trail);
}

/** Calls by child and files by folder, made once per graph (a lookup is then one map read, not a scan). */
interface Lookups {
  callers: Map<string, { file: string; link: ChildLink }[]>;
  folders: Map<string, string[]>;
}
const lookups = new WeakMap<LinkGraph, Lookups>();

function lookupsOf(g: LinkGraph): Lookups {
  let l = lookups.get(g);
  if (l) return l;
  l = { callers: new Map(), folders: new Map() };
  for (const file of g.files()) {
    const folder = folderOf(file);
    const inFolder = l.folders.get(folder);
    if (inFolder) inFolder.push(file);
    else l.folders.set(folder, [file]);
    for (const link of g.links(file)?.children ?? []) {
      const key = `${link.kind}\u0000${link.child}`;
      const calls = l.callers.get(key);
      if (calls) calls.push({ file, link });
      else l.callers.set(key, [{ file, link }]);
    }
  }
  lookups.set(g, l);
  return l;
}

/** The calls (stack or module) of the workspace whose child is `child`. */
function callersOf(g: LinkGraph, child: string, kind: ChildLink['kind']): { file: string; link: ChildLink }[] {
  return lookupsOf(g).callers.get(`${kind}\u0000${child}`) ?? [];
}

/** The files of a Terraform module (a folder). */
function moduleFiles(g: LinkGraph, folder: string): string[] {
  return lookupsOf(g).folders.get(folder) ?? [];
}

/**
 * The role a reference of `file` names through a link: a template's parameter (what its one parent passes),
 * a nested stack's output (`!GetAtt Child.Outputs.X`), a module's variable (what its one caller passes), a
 * module's output (`module.NAME.OUTPUT`). Anything else: the index's other joins. `trail` collects the files
 * read on the way, found or not (an edit in any of them may change the answer).
 */
export function followRef(g: LinkGraph, file: string, ref: RoleRef, hops = 0, trail?: Set<string>): RemoteRole | undefined {
  if (hops > MAX_HOPS) return undefined;
  if (ref.kind !== 'local' || ref.inArn) return g.named(ref, file);
  const links = g.links(file);
  const norm = normalisePath(file);
  const read = (files: readonly string[]) => files.forEach((f) => trail?.add(f));
  // Terraform: `var.NAME` inside a module; `module.NAME.OUTPUT`.
  if (ref.id.startsWith('var.') && ref.attribute === 'Ref') {
    const callers = callersOf(g, folderOf(norm), 'module');
    read(callers.map((c) => c.file));
    const caller = one(callers);
    const arg = caller?.link.args[ref.id.slice(4)];
    return caller && arg ? followStored(g, caller.file, arg, hops + 1, trail) : undefined;
  }
  if (ref.id.startsWith('module.')) {
    const calls = moduleFiles(g, folderOf(norm)).flatMap((f) => (g.links(f)?.children ?? []).filter((c) => c.kind === 'module' && c.id === ref.id));
    const call = one(calls);
    if (!call) return undefined;
    const inModule = moduleFiles(g, call.child);
    read(inModule);
    const outs = inModule.flatMap((f) => {
      const o = g.links(f)?.outputs?.[ref.attribute];
      return o ? [{ file: f, o }] : [];
    });
    const out = one(outs);
    return out ? followStored(g, out.file, out.o, hops + 1, trail) : undefined;
  }
  // CloudFormation: a parameter; a nested stack's output.
  if (ref.attribute === 'Ref' && links?.params?.includes(ref.id)) {
    const parents = callersOf(g, norm, 'stack');
    read(parents.map((p) => p.file));
    const parent = one(parents);
    const arg = parent?.link.args[ref.id];
    return parent && arg ? followStored(g, parent.file, arg, hops + 1, trail) : undefined;
  }
  if (ref.attribute.startsWith('Outputs.')) {
    const link = (links?.children ?? []).find((c) => c.kind === 'stack' && c.id === ref.id);
    const childFile = link ? g.byPath.get(link.child) : undefined;
    if (childFile) read([childFile]);
    const out = childFile ? g.links(childFile)?.outputs?.[ref.attribute.slice('Outputs.'.length)] : undefined;
    return childFile && out ? followStored(g, childFile, out, hops + 1, trail) : undefined;
  }
  return g.named(ref, file);
}
