// `graph`: the role map of the files given (the workspace index's roleMap): every role with who may assume it
// (its trust policy's principals), what it is handed to (each hand-off) and who may pass it (each PassRole
// grant), mismatches marked. Printed as a text tree, a versioned JSON document, a Mermaid flowchart (renders on
// GitHub) or Graphviz DOT. Exit 0; 2 for usage errors, paths that do not exist and files that cannot be read.
import { mapOf, type MapRole, type Place } from '../engine/roles/map';
import type { GraphOptions } from './args';
import { analysisOptions, loadFormatOf, loadFormats, meantAsPolicy, reportCollected } from './check';
import { collectInputs, megabytes, MAX_INPUT_BYTES, readOrReport } from './inputs';
import { EXIT, type Io } from './io';
import { CliWorkspace } from './workspace';

const mismatched = (r: MapRole) => r.handedTo.some((h) => !h.trusted) || r.passedBy.some((g) => !g.trusted);
const mismatchCount = (roles: readonly MapRole[]) => roles.reduce((n, r) => n + r.handedTo.filter((h) => !h.trusted).length + r.passedBy.filter((g) => !g.trusted).length, 0);
const at = (p: Place) => `${p.path}:${p.range.start.line + 1}`;
const services = (list: readonly string[]) => list.join(' or ');
const principalName = (p: string) => (p === '*' ? 'everyone (*)' : p);
/** How a role is named in the outputs: its name, and its logical id when that differs. */
const title = (r: MapRole) => (r.id !== r.name ? `${r.name} (${r.id})` : r.name);

export function formatGraphText(roles: readonly MapRole[]): string {
  if (roles.length === 0) return '';
  const blocks = roles.map((r) => {
    const lines = [`${title(r)}  ${at(r)}${r.source === 'sam' ? '  (created by SAM)' : ''}`];
    const unknown = 'principals known only at plan time';
    const named = r.assumedBy.map(principalName).join(', ');
    const assumed = !r.trustPolicySeen ? 'its trust policy is not seen' : r.trustUnknown ? (named ? `${named}, and ${unknown}` : unknown) : named || 'no service principal';
    lines.push(`  May be assumed by: ${assumed}`);
    const mark = (trusted: boolean) => (trusted ? '' : "  MISMATCH: the role's trust policy does not trust it");
    lines.push(`  Handed to:${r.handedTo.length ? '' : ' nothing in these files'}`);
    for (const h of r.handedTo) lines.push(`    ${services(h.principals)}  by ${h.label}  ${at(h)}${mark(h.trusted)}`);
    lines.push(`  May be passed by:${r.passedBy.length ? '' : ' no PassRole grant in these files'}`);
    for (const g of r.passedBy) lines.push(`    ${at(g)}  ${g.label}  to ${g.anyService ? 'any service' : services(g.passedToService)}${mark(g.trusted)}`);
    return lines.join('\n') + '\n';
  });
  return blocks.join('\n');
}

export function formatGraphJson(roles: readonly MapRole[]): string {
  const out = roles.map((r) => ({
    name: r.name,
    id: r.id,
    source: r.source,
    path: r.path,
    range: r.range,
    trustPolicySeen: r.trustPolicySeen,
    ...(r.trustUnknown ? { trustUnknown: true } : {}),
    assumedBy: r.assumedBy,
    handedTo: r.handedTo.map((h) => ({ principals: h.principals, label: h.label, path: h.path, range: h.range, trusted: h.trusted })),
    passedBy: r.passedBy.map((g) => ({ passedToService: g.passedToService, anyService: g.anyService, label: g.label, path: g.path, range: g.range, trusted: g.trusted })),
  }));
  return JSON.stringify({ version: 1, roles: out }, null, 2) + '\n';
}

/**
 * The map's nodes and edges, for the diagram formats: roles, service principals (shared between the trust
 * policies that name them and the hand-offs to them) and PassRole grants; edges principal → role (may assume),
 * grant → role (may pass), role → principal (a hand-off).
 */
interface Diagram {
  nodes: { id: string; kind: 'role' | 'mismatch' | 'principal' | 'grant'; lines: string[] }[];
  edges: { from: string; to: string; label: string; mismatch: boolean }[];
}

function diagramOf(roles: readonly MapRole[]): Diagram {
  const d: Diagram = { nodes: [], edges: [] };
  const principals = new Map<string, string>();
  const principal = (name: string) => {
    let id = principals.get(name);
    if (id === undefined) {
      id = `p${principals.size}`;
      principals.set(name, id);
      d.nodes.push({ id, kind: 'principal', lines: [principalName(name)] });
    }
    return id;
  };
  const grants = new Map<string, string>();
  roles.forEach((r, i) => {
    const id = `r${i}`;
    d.nodes.push({ id, kind: mismatched(r) ? 'mismatch' : 'role', lines: [title(r), at(r)] });
    for (const p of r.assumedBy) d.edges.push({ from: principal(p), to: id, label: 'may assume', mismatch: false });
    for (const g of r.passedBy) {
      const key = `${at(g)}\u0000${g.label}`;
      let gid = grants.get(key);
      if (gid === undefined) {
        gid = `g${grants.size}`;
        grants.set(key, gid);
        d.nodes.push({ id: gid, kind: 'grant', lines: [at(g), g.label] });
      }
      d.edges.push({ from: gid, to: id, label: `may pass to ${g.anyService ? 'any service' : services(g.passedToService)}`, mismatch: !g.trusted });
    }
    for (const h of r.handedTo) {
      if (h.principals.length === 0) continue;
      d.edges.push({ from: id, to: principal(h.principals[0]!), label: `hand-off: ${h.label}, ${at(h)}`, mismatch: !h.trusted });
    }
  });
  return d;
}

/** Text inside a quoted Mermaid label: quotes, angle brackets and bars as entity codes. */
function mermaidText(s: string): string {
  return s.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;');
}

export function formatGraphMermaid(roles: readonly MapRole[]): string {
  const d = diagramOf(roles);
  const out = ['flowchart LR'];
  const shape: Record<Diagram['nodes'][number]['kind'], [string, string]> = { role: ['[', ']'], mismatch: ['[', ']'], principal: ['([', '])'], grant: ['[/', '/]'] };
  for (const n of d.nodes) {
    const [open, close] = shape[n.kind];
    out.push(`  ${n.id}${open}"${n.lines.map(mermaidText).join('<br/>')}"${close}:::${n.kind}`);
  }
  for (const e of d.edges) out.push(`  ${e.from} -->|"${mermaidText(e.label)}"| ${e.to}`);
  out.push('  classDef role fill:#e8f0fe,stroke:#1a56db,color:#111');
  out.push('  classDef mismatch fill:#fde8e8,stroke:#c81e1e,stroke-width:3px,color:#111');
  out.push('  classDef principal fill:#f3f4f6,stroke:#6b7280,color:#111');
  out.push('  classDef grant fill:#fffbeb,stroke:#b45309,color:#111');
  const red = d.edges.flatMap((e, i) => (e.mismatch ? [i] : []));
  if (red.length) out.push(`  linkStyle ${red.join(',')} stroke:#c81e1e,stroke-width:3px,stroke-dasharray:6 4,color:#c81e1e`);
  return out.join('\n') + '\n';
}

/** A DOT string literal. */
function dotText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export function formatGraphDot(roles: readonly MapRole[]): string {
  const d = diagramOf(roles);
  const style: Record<Diagram['nodes'][number]['kind'], string> = {
    role: 'shape=box, style="rounded,filled", fillcolor="#e8f0fe", color="#1a56db"',
    mismatch: 'shape=box, style="rounded,filled,bold", fillcolor="#fde8e8", color="#c81e1e", penwidth=2',
    principal: 'shape=ellipse, style=filled, fillcolor="#f3f4f6", color="#6b7280"',
    grant: 'shape=note, style=filled, fillcolor="#fffbeb", color="#b45309"',
  };
  const out = ['digraph roles {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of d.nodes) out.push(`  ${n.id} [label=${dotText(n.lines.join('\n'))}, ${style[n.kind]}];`);
  for (const e of d.edges) out.push(`  ${e.from} -> ${e.to} [label=${dotText(e.label)}${e.mismatch ? ', color="#c81e1e", fontcolor="#c81e1e", style=dashed, penwidth=2' : ''}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

export async function graph(o: GraphOptions, io: Io): Promise<number> {
  const collected = collectInputs(o.paths, o.stdinFileName ?? '<stdin>');
  if (!reportCollected(collected, io)) return EXIT.usage;
  const { inputs } = collected;
  await loadFormats(o, inputs, io);
  const workspace = new CliWorkspace((input, text) => analysisOptions(o, input, io, text), o.roles);
  const { extra, errors } = workspace.roleFiles(inputs);
  if (errors.length) {
    for (const e of errors) io.err(e);
    return EXIT.usage;
  }
  let read = 0;
  for (const input of [...inputs, ...extra]) {
    const content = await readOrReport(input, io);
    if (!content) continue;
    read++;
    if (content.tooLarge !== undefined) {
      if (input.explicit || meantAsPolicy(content.text)) io.info(`${input.path}: ${megabytes(content.tooLarge)}, over the ${megabytes(MAX_INPUT_BYTES)} limit: not in the map`);
      continue;
    }
    await loadFormatOf(content.text, analysisOptions(o, input, io, content.text), io);
    const facts = workspace.set(input, content.text);
    if (o.verbose && (!facts || facts.kind === 'unknown')) io.info(`${input.explicit ? '' : 'skipped '}${input.path}: not a policy or template`);
  }
  const roles = mapOf(workspace.index.roleMap(), (file, offset) => workspace.positionAt(file, offset));
  if (o.format === 'json') io.out(formatGraphJson(roles));
  else if (o.format === 'mermaid') io.out(formatGraphMermaid(roles));
  else if (o.format === 'dot') io.out(formatGraphDot(roles));
  else {
    io.out(formatGraphText(roles));
    const n = mismatchCount(roles);
    io.info(`${roles.length} role${roles.length === 1 ? '' : 's'} in ${read} file${read === 1 ? '' : 's'}: ${n} mismatch${n === 1 ? '' : 'es'}`);
  }
  return io.failed ? EXIT.usage : EXIT.ok;
}
