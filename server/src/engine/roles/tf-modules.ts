// Terraform across folders and files: a local module (`module "x" { source = "./modules/x" … }`) with its
// arguments and its `output` blocks, the `var.NAME` a module hands a role through, and an `assume_role_policy`
// read from a JSON file of the module (`file("${path.module}/trust.json")`, `templatefile(…)`). A registry,
// git or HTTP source, a path from the working directory, is never followed.
import type { Analysis } from '../analyze';
import type { HclExpr } from '../formats/hcl';
import { principalsOf } from '../iam/principal';
import type { JsonNode } from '../json';
import type { PolicyDocument } from '../model';
import type { FileLinks, StoredRef } from './links';
import { localPath, textNode } from './links';
import { roleRefOf, type RoleRef } from './refs';

/** `${module.NAME.OUTPUT}` and `${var.NAME}`: a role handed through a module's boundary. */
export function moduleRefOf(text: string): RoleRef | undefined {
  const m = /^\$\{module\.([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(text);
  if (m) return { kind: 'local', id: `module.${m[1]}`, attribute: m[2]! };
  const v = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(text);
  return v ? { kind: 'local', id: `var.${v[1]}`, attribute: 'Ref' } : undefined;
}

/** An HCL expression as the reference it makes (a reference's text read as `${…}`, as the rules read it). */
function refOfExpr(e: HclExpr): RoleRef {
  if (e.kind === 'string') return roleRefOf(textNode(e.value, e.span.offset, e.span.length));
  if (e.kind === 'ref') return roleRefOf(textNode(`\${${e.text}}`, e.span.offset, e.span.length));
  if (e.kind === 'template') return roleRefOf(textNode(e.text, e.span.offset, e.span.length));
  return { kind: 'unknown' };
}

/** Arguments of a module block that are Terraform's own, not the module's variables. */
const META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/**
 * `file("${path.module}/trust.json")` or `templatefile("${path.module}/trust.json", {…})`: the file (an index
 * key, next to `fileName`). A path without `path.module` is the working directory's: not followed.
 */
export function trustFileOf(e: HclExpr, fileName: string | undefined): { file: string; template: boolean } | undefined {
  if (e.kind !== 'call' || (e.name !== 'file' && e.name !== 'templatefile') || !fileName) return undefined;
  const arg = e.args[0];
  const m = arg?.kind === 'template' ? /^\$\{path\.module\}\/([^$%{}]+)$/.exec(arg.text) : null;
  const file = m ? localPath(fileName, m[1]!) : undefined;
  return file ? { file, template: e.name === 'templatefile' } : undefined;
}

/** A Terraform file's links: its local module calls with their arguments, its outputs, its roles' trust files. */
export function terraformLinks(analysis: Analysis, local: (ref: RoleRef) => string | undefined, trustFiles: Record<string, { file: string; template: boolean }>): FileLinks | undefined {
  const tf = analysis.terraform;
  const file = analysis.options.fileName;
  if (!tf || !file) return undefined;
  const stored = (ref: RoleRef): StoredRef => {
    const key = local(ref);
    return key === undefined ? { ref } : { local: key, ref };
  };
  const links: FileLinks = {};
  for (const block of tf.blocks) {
    if (block.type === 'module' && block.labels.length === 1) {
      const source = block.body.attributes.find((a) => a.name === 'source');
      // Local sources only: `./x`, `../x` (Terraform's own rule for a local path).
      const child = source?.value.kind === 'string' && /^\.\.?[\\/]/.test(source.value.value) ? localPath(file, source.value.value) : undefined;
      if (!child) continue;
      const args: Record<string, StoredRef> = {};
      for (const a of block.body.attributes) if (!META.has(a.name)) args[a.name] = stored(refOfExpr(a.value));
      (links.children ??= []).push({ id: `module.${block.labels[0]!.value}`, kind: 'module', child, args });
    } else if (block.type === 'output' && block.labels.length === 1) {
      const value = block.body.attributes.find((a) => a.name === 'value');
      if (value) (links.outputs ??= {})[block.labels[0]!.value] = stored(refOfExpr(value.value));
    }
  }
  if (Object.keys(trustFiles).length) links.trustFiles = trustFiles;
  return Object.keys(links).length ? links : undefined;
}

/**
 * Whether a template's placeholders (`${…}`, `%{…}`) change who the trust policy trusts: one in an effect, an
 * action or a principal, or a directive anywhere. Placeholders in a condition's values, a Sid, an account ID
 * of an AWS principal, leave the services it trusts as written.
 */
export function templatedTrust(doc: PolicyDocument, text: string): boolean {
  if (text.includes('%{')) return true;
  const raw = (n: JsonNode | undefined) => (n ? text.slice(n.offset, n.offset + n.length) : '');
  const has = (s: string | undefined) => s === undefined || s.includes('${');
  for (const stmt of doc.statements) {
    if (raw(stmt.elements.get('Effect')).includes('${')) return true;
    if ([...(stmt.actions ?? []), ...(stmt.notActions ?? [])].some((a) => has(a.text))) return true;
    if (raw(stmt.notPrincipal).includes('${')) return true;
    if (stmt.principal?.type === 'string' && raw(stmt.principal).includes('${')) return true;
    const set = principalsOf(stmt.principal);
    if (set.service.some((s) => has(s.text)) || set.unknownTypes.some((p) => raw(p).includes('${'))) return true;
  }
  return false;
}
