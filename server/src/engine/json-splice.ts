// Re-reading a large JSON text after a small edit without parsing all of it again: the smallest object or
// array that holds the edit is parsed on its own, put in the place of the old one, and what follows it moves
// by the edit's length. Only when that is certain to give the tree a full parse gives; otherwise undefined,
// and the caller parses the whole text.
import type { ParseError } from 'jsonc-parser';
import { buildTree, JSON_OPTIONS, MAX_DEPTH, measureDepth, type JsonNode, type MutableNode, type ParsedJson } from './json';

/** One edit: `removed` characters at `offset` of the old text replaced by `inserted` characters. */
export interface TextEdit {
  offset: number;
  removed: number;
  inserted: number;
}

type Built = MutableNode;

const isContainer = (n: Built | undefined): n is Built => n?.type === 'object' || n?.type === 'array';

/** The value a child slot holds: a property's value, an array's element. */
function valueIn(child: Built): Built | undefined {
  return child.type === 'property' ? child.children?.[1] : child;
}

/** Whether [start, end) lies strictly between the brackets of `n` (the brackets themselves untouched). */
function inside(n: Built, start: number, end: number): boolean {
  return n.offset + 1 <= start && end <= n.offset + n.length - 1;
}

function shift(n: Built, delta: number): void {
  const stack: Built[] = [n];
  for (let x = stack.pop(); x; x = stack.pop()) {
    x.offset += delta;
    if (x.colonOffset !== undefined) x.colonOffset += delta;
    if (x.children) for (const c of x.children) stack.push(c);
  }
}

/**
 * The tree of `text` (the old text with `edit` applied), made from `previous` (the old text's parse) by
 * parsing again only the smallest object or array around the edit; undefined when that cannot be trusted to
 * equal a full parse: the old text had syntax errors (or a byte order mark, or no tree), the edit touches no
 * container's inside, or the new inside does not parse cleanly as one value of the same kind. `previous`'s
 * nodes are reused and moved: it must not be read after this returns a tree. `changed` is told each node of the
 * tree kept whose content the edit changed (the ancestors of the part parsed again); every other node kept holds
 * the same content as before, moved by the edit's length or not at all.
 */
export function spliceJson(previous: ParsedJson, text: string, edit: TextEdit, stop?: () => boolean, changed?: (node: JsonNode) => void): ParsedJson | undefined {
  const root = previous.root;
  if (!root || previous.errors.length || previous.errorCount || previous.tooDeep) return undefined;
  if (previous.text.charCodeAt(0) === 0xfeff || text.charCodeAt(0) === 0xfeff) return undefined;
  const delta = edit.inserted - edit.removed;
  if (text.length !== previous.text.length + delta) return undefined;
  const start = edit.offset;
  const end = edit.offset + edit.removed;
  if (!isContainer(root) || !inside(root, start, end)) return undefined;
  // Down from the root to the smallest container whose inside holds the edit; `path` is its ancestors.
  const path: Built[] = [];
  let target: Built = root;
  for (;;) {
    let next: Built | undefined;
    for (const child of target.children ?? []) {
      if (child.offset > start) break;
      const v = valueIn(child);
      if (isContainer(v) && inside(v, start, end)) {
        next = v;
        break;
      }
    }
    if (!next) break;
    path.push(target);
    target = next;
  }
  const depthAbove = path.filter(isContainer).length;
  const piece = text.slice(target.offset, target.offset + target.length + delta);
  if (measureDepth(piece, MAX_DEPTH - depthAbove).depth > MAX_DEPTH - depthAbove) return undefined;
  const errors: ParseError[] = [];
  const fresh = buildTree(piece, errors, JSON_OPTIONS, stop, target.offset);
  if (errors.length || !fresh || fresh.type !== target.type || fresh.offset !== target.offset || fresh.length !== piece.length) return undefined;
  // Put the new value in the old one's place.
  const parent = target.parent;
  if (parent) {
    const siblings = parent.children!;
    const at = parent.type === 'property' ? 1 : siblings.indexOf(target);
    if (siblings[at] !== target) return undefined;
    siblings[at] = fresh;
    fresh.parent = parent;
  }
  // Ancestors grow by the edit's length; whatever follows the edit in them moves by it.
  let child: Built = fresh;
  for (let p = parent; p; child = p, p = p.parent) {
    changed?.(p);
    if (delta === 0) continue;
    p.length += delta;
    const siblings = p.children!;
    for (let i = siblings.indexOf(child) + 1; i < siblings.length; i++) shift(siblings[i]!, delta);
  }
  return { text, root: parent ? root : fresh, errors: [], errorCount: 0 };
}
