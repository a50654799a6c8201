// Glob patterns of the settings (`include`, `exclude`, `kinds`), matched in time linear in the path: the
// pattern is compiled to a nondeterministic automaton that is run over the path with a set of states, never by
// backtracking. A workspace's settings are not trusted code; no pattern can make a match take long.
//
// Syntax (that of VS Code's `files.exclude`): `*` any characters but `/`; `?` one character but `/`; `**` as a
// whole path segment any number of segments; `[abc]`, `[a-z]`, `[!a]` or `[^a]` one character of (not of) the
// set; `{a,b}` either alternative (nestable); `\x` the character x. Everything else is literal (no extglobs such
// as `+(a|b)`, no leading `!`). `*` and `?` also match a leading dot.

/** Longer patterns are no file patterns: compileGlob refuses them (settings.ts leaves them out, with a log line). */
export const MAX_GLOB_LENGTH = 1024;

type Test = (c: number) => boolean;

/** An automaton state: consumes one character passing `test` and moves to `next`, or moves on to `out` without consuming (a split). */
type State = { test: Test; next: number } | { out: number[] } | { accept: true };

type Node =
  | { t: 'char'; test: Test }
  | { t: 'star' }
  | { t: 'any' }
  | { t: 'globstar'; where: 'all' | 'segments' }
  | { t: 'alt'; options: Node[][] };

const SLASH = 0x2f;
const notSlash: Test = (c) => c !== SLASH;
const anyChar: Test = () => true;

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c < 0x80 ? c : String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

function upper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c < 0x80 ? c : String.fromCharCode(c).toUpperCase().charCodeAt(0);
}

function literal(c: number, nocase: boolean): Test {
  if (!nocase) return (x) => x === c;
  const l = lower(c);
  return (x) => x === c || lower(x) === l;
}

/** `[...]` at `start`: the test and the index after `]`, or undefined when the class is not closed. */
function charClass(p: string, start: number, nocase: boolean): { test: Test; end: number } | undefined {
  let i = start + 1;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  const ranges: [number, number][] = [];
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    let lo = p.charCodeAt(i);
    if (p[i] === '\\' && i + 1 < p.length) lo = p.charCodeAt(++i);
    i++;
    let hi = lo;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      i++;
      hi = p.charCodeAt(i);
      if (p[i] === '\\' && i + 1 < p.length) hi = p.charCodeAt(++i);
      i++;
    }
    ranges.push([lo, hi]);
  }
  if (i >= p.length) return undefined;
  const inSet = (c: number) => ranges.some(([lo, hi]) => c >= lo && c <= hi);
  const member = nocase ? (c: number) => inSet(c) || inSet(lower(c)) || inSet(upper(c)) : inSet;
  return { test: (c) => c !== SLASH && member(c) !== negate, end: i + 1 };
}

/** The index of the `}` closing the brace at `start` when it holds a top-level comma, else undefined (a literal `{`). */
function braceEnd(p: string, start: number): number | undefined {
  let depth = 0;
  let comma = false;
  for (let i = start; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return comma ? i : undefined;
    } else if (c === ',' && depth === 1) comma = true;
  }
  return undefined;
}

class Parser {
  constructor(
    private readonly p: string,
    private readonly nocase: boolean,
  ) {}

  /**
   * The sequence from `start` to `end` (exclusive). `segmentBefore`/`segmentAfter`: whether a path segment
   * starts at `start` and ends at `end` (true at the ends of the pattern; inside `{…}`, what surrounds the braces).
   */
  sequence(start: number, end: number, segmentBefore = true, segmentAfter = true): Node[] {
    const { p } = this;
    const out: Node[] = [];
    let i = start;
    while (i < end) {
      const c = p[i]!;
      if (c === '*') {
        let j = i;
        while (j < end && p[j] === '*') j++;
        const segmentStart = i === start ? segmentBefore : p[i - 1] === '/';
        const segmentEnd = j === end ? segmentAfter : p[j] === '/';
        if (j - i >= 2 && segmentStart && segmentEnd) {
          // `**` as a whole segment: with the slash after it, any number of whole segments `(.*/)?`
          // (`a/**/b` matches `a/b`); at the end, anything `.*` (`a/**` matches `a/x/y`).
          if (j < end) {
            out.push({ t: 'globstar', where: 'segments' });
            j++;
          } else out.push({ t: 'globstar', where: 'all' });
        } else out.push({ t: 'star' });
        i = j;
      } else if (c === '?') {
        out.push({ t: 'any' });
        i++;
      } else if (c === '[') {
        const cls = charClass(p, i, this.nocase);
        if (cls && cls.end <= end) {
          out.push({ t: 'char', test: cls.test });
          i = cls.end;
        } else {
          out.push({ t: 'char', test: literal(c.charCodeAt(0), this.nocase) });
          i++;
        }
      } else if (c === '{') {
        const close = braceEnd(p, i);
        if (close !== undefined && close < end) {
          const before = i === start ? segmentBefore : p[i - 1] === '/';
          const after = close + 1 === end ? segmentAfter : p[close + 1] === '/';
          out.push({ t: 'alt', options: this.alternatives(i + 1, close, before, after) });
          i = close + 1;
        } else {
          out.push({ t: 'char', test: literal(c.charCodeAt(0), this.nocase) });
          i++;
        }
      } else if (c === '\\' && i + 1 < end) {
        out.push({ t: 'char', test: literal(p.charCodeAt(i + 1), this.nocase) });
        i += 2;
      } else {
        out.push({ t: 'char', test: literal(p.charCodeAt(i), this.nocase) });
        i++;
      }
    }
    return out;
  }

  private alternatives(start: number, end: number, before: boolean, after: boolean): Node[][] {
    const { p } = this;
    const options: Node[][] = [];
    let depth = 0;
    let from = start;
    for (let i = start; i < end; i++) {
      const c = p[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === ',' && depth === 0) {
        options.push(this.sequence(from, i, before, after));
        from = i + 1;
      }
    }
    options.push(this.sequence(from, end, before, after));
    return options;
  }
}

/** Builds the automaton backwards: each node is compiled knowing the state that follows it. */
class Builder {
  readonly states: State[] = [{ accept: true }];

  private add(s: State): number {
    this.states.push(s);
    return this.states.length - 1;
  }

  /** A loop of `test` characters, then `next`. */
  private loop(test: Test, next: number): number {
    const split = this.add({ out: [] });
    (this.states[split] as { out: number[] }).out.push(this.add({ test, next: split }), next);
    return split;
  }

  sequence(nodes: readonly Node[], next: number): number {
    let at = next;
    for (let i = nodes.length - 1; i >= 0; i--) at = this.node(nodes[i]!, at);
    return at;
  }

  private node(n: Node, next: number): number {
    switch (n.t) {
      case 'char':
        return this.add({ test: n.test, next });
      case 'any':
        return this.add({ test: notSlash, next });
      case 'star':
        return this.loop(notSlash, next);
      case 'alt':
        return this.add({ out: n.options.map((o) => this.sequence(o, next)) });
      case 'globstar':
        if (n.where === 'all') return this.loop(anyChar, next);
        // `(.*/)?`
        return this.add({ out: [this.loop(anyChar, this.add({ test: (c) => c === SLASH, next })), next] });
    }
  }
}

export interface GlobMatcher {
  (path: string): boolean;
}

/**
 * Compiles a pattern. With `matchBase`, a pattern without `/` is matched against the last segment of the path
 * (`*.json` matches `a/b/c.json`). `nocase` compares letters without case (Windows).
 */
export function compileGlob(pattern: string, options: { nocase?: boolean; matchBase?: boolean } = {}): GlobMatcher {
  if (pattern.length > MAX_GLOB_LENGTH) throw new RangeError(`glob pattern longer than ${MAX_GLOB_LENGTH} characters`);
  const nocase = options.nocase ?? false;
  const base = (options.matchBase ?? false) && !pattern.includes('/');
  const builder = new Builder();
  const start = builder.sequence(new Parser(pattern, nocase).sequence(0, pattern.length), 0);
  const states = builder.states;
  const count = states.length;
  // Two state sets, each a list plus a generation mark per state so that a state is listed once per step.
  const marks = new Int32Array(count);
  let generation = 0;
  let current = new Int32Array(count);
  let nextSet = new Int32Array(count);
  return (input: string) => {
    const text = base ? input.slice(input.lastIndexOf('/') + 1) : input;
    let size: number;
    let accepted = false;
    const add = (set: Int32Array, n: number, s: number): number => {
      // Follows splits; stacks instead of recursion so that long alternations cannot overflow.
      const stack = [s];
      while (stack.length) {
        const x = stack.pop()!;
        if (marks[x] === generation) continue;
        marks[x] = generation;
        const st = states[x]!;
        if ('out' in st) for (let k = st.out.length - 1; k >= 0; k--) stack.push(st.out[k]!);
        else set[n++] = x;
      }
      return n;
    };
    if (generation > 0x3fffffff - text.length) {
      marks.fill(0);
      generation = 0;
    }
    generation++;
    size = add(current, 0, start);
    for (let i = 0; i < text.length && size > 0; i++) {
      const c = text.charCodeAt(i);
      generation++;
      let n = 0;
      for (let k = 0; k < size; k++) {
        const st = states[current[k]!]!;
        if ('test' in st && st.test(c)) n = add(nextSet, n, st.next);
      }
      [current, nextSet] = [nextSet, current];
      size = n;
    }
    for (let k = 0; k < size; k++) if ('accept' in states[current[k]!]!) accepted = true;
    return accepted;
  };
}
