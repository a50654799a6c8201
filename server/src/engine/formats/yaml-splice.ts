// Re-reading a large CloudFormation YAML template after a small edit without parsing all of it again: the
// resource the edit falls in is parsed on its own (its lines, from its logical id to the next one), put in the
// place of the old one, and what follows it moves by the edit's length. YAML's block structure makes this
// sound where a resource's lines parse cleanly on their own as one entry with the same logical id: the next
// entry starts a line at the same indentation, which ends whatever the resource's lines hold. Only when that
// holds is a tree given; otherwise undefined, and the caller parses the whole text.
import type { JsonNode } from '../json';
import type { TextEdit } from '../json-splice';
import { readYaml, yamlOf, type MutableNode, type ParsedYaml } from './yaml';

/** The key of a property. */
const keyOf = (p: MutableNode): MutableNode => p.children![0] as MutableNode;
const end = (n: JsonNode): number => n.offset + n.length;

/** The start of the line `offset` is on, when only spaces come before it on that line; else -1. */
function indentedLineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) === 0x20) i--;
  return i === 0 || text.charCodeAt(i - 1) === 0x0a ? i : -1;
}

function shift(n: MutableNode, delta: number): void {
  const stack: MutableNode[] = [n];
  for (let x = stack.pop(); x; x = stack.pop()) {
    x.offset += delta;
    if (x.colonOffset !== undefined) x.colonOffset += delta;
    if (x.children) for (const c of x.children) stack.push(c);
  }
}

/** A block mapping (not `{…}`) of the tree. */
const isBlockMap = (n: JsonNode | undefined): n is MutableNode => n?.type === 'object' && !yamlOf(n)?.flow && !yamlOf(n)?.tag;

/**
 * The tree of `text` (the old text with `edit` applied), made from `previous` (the old text's reading) by
 * reading again only the entry of `Resources` the edit falls in; undefined when that cannot be trusted to equal
 * a full reading: the old text had problems, several documents, anchors or aliases; the edit is not inside one
 * resource's value; or the resource's new lines do not read cleanly, on their own, as one entry with the same
 * logical id. `previous`'s nodes are reused and moved: it must not be read after this returns a tree. `changed`
 * is told each node kept whose content changed (the ancestors of the resource read again).
 */
export function spliceYaml(previous: ParsedYaml, text: string, edit: TextEdit, changed?: (node: JsonNode) => void): ParsedYaml | undefined {
  const root = previous.root;
  if (!root || !previous.separable || previous.problems.length || previous.errors.length || previous.tooDeep || previous.aliasBomb) return undefined;
  const old = previous.text;
  if (old.charCodeAt(0) === 0xfeff || text.charCodeAt(0) === 0xfeff) return undefined;
  const delta = edit.inserted - edit.removed;
  if (text.length !== old.length + delta) return undefined;
  if (!isBlockMap(root)) return undefined;
  const resourcesProp = (root.children! as MutableNode[]).find((p) => keyOf(p).value === 'Resources');
  const resources = resourcesProp?.children?.[1];
  if (!resourcesProp || !isBlockMap(resources)) return undefined;
  const entries = resources.children! as MutableNode[];
  const start = edit.offset;
  const editEnd = edit.offset + edit.removed;
  // The resource whose value the edit is in: after its key's colon, before the line of the next entry (that
  // line's break included) — or, for the last one, of the next key of the root.
  const i = entries.findIndex((p, k) => {
    if (p.colonOffset === undefined || start <= p.colonOffset) return false;
    const next = entries[k + 1];
    return next === undefined || editEnd < next.offset;
  });
  if (i < 0) return undefined;
  const entry = entries[i]!;
  const from = indentedLineStart(old, entry.offset);
  if (from < 0) return undefined;
  const nextEntry = entries[i + 1];
  let to: number;
  if (nextEntry) to = indentedLineStart(old, nextEntry.offset);
  else {
    const after = root.children![root.children!.indexOf(resourcesProp) + 1];
    to = after ? indentedLineStart(old, after.offset) : old.length;
  }
  // The edit must leave the line break before the next entry (and that entry's line) alone.
  if (to < 0 || editEnd > (to === old.length ? to : to - 1) || start > (to === old.length ? to : to - 1)) return undefined;
  const piece = text.slice(from, to + delta);
  // When a line follows, it starts an entry at the resource's indentation or less. The lines are read with such
  // an entry after them: lenient as the parser is, a plain scalar can run on into a less indented line, and only
  // a reading that ends the resource where the next entry starts says what the whole text's reading does.
  const sibling = keyOf(entry).value === 'a' ? 'b' : 'a';
  const window = to < old.length ? `${piece}${' '.repeat(entry.offset - from)}${sibling}:\n` : piece;
  // Read at the depth its mapping has in the whole text (the root's is 0, that of Resources' value 1).
  const read = readYaml(window, 1);
  const fresh = read.root;
  if (!fresh || !read.separable || read.problems.length || read.errors.length || read.tooDeep || read.aliasBomb) return undefined;
  if (!isBlockMap(fresh) || fresh.children!.length !== (window === piece ? 1 : 2)) return undefined;
  if (window !== piece && keyOf(fresh.children![1] as MutableNode).offset !== piece.length + entry.offset - from) return undefined;
  const prop = fresh.children![0] as MutableNode;
  if (end(prop) > piece.length) return undefined;
  if (keyOf(prop).value !== keyOf(entry).value || prop.offset + from !== entry.offset || keyOf(prop).length !== keyOf(entry).length) return undefined;
  shift(prop, from);
  // Ancestors end where their last entry ends (block mappings end with their content): kept so only where the
  // old tree shows it, so a length can be recomputed rather than guessed.
  const ancestors: MutableNode[] = [resources, resourcesProp, root];
  for (const a of ancestors) {
    const last = a.type === 'property' ? a.children![1]! : a.children![a.children!.length - 1]!;
    if (end(a) !== end(last)) return undefined;
  }
  // Put the new entry in the old one's place; the entries and root keys after it move by the edit's length.
  prop.parent = resources;
  entries[i] = prop;
  for (let k = i + 1; k < entries.length; k++) shift(entries[k]!, delta);
  const rootEntries = root.children! as MutableNode[];
  for (let k = rootEntries.indexOf(resourcesProp) + 1; k < rootEntries.length; k++) shift(rootEntries[k]!, delta);
  for (const a of ancestors) {
    const last = a.type === 'property' ? a.children![1]! : a.children![a.children!.length - 1]!;
    a.length = end(last) - a.offset;
    changed?.(a);
  }
  return { text, root, errors: [], errorCount: 0, problems: [], separable: true };
}
