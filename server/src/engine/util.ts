// Small helpers with no IAM knowledge.

/** Levenshtein distance, bounded: returns `limit + 1` as soon as the distance must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Two rows, reused: this runs over every action name of a service for each unknown action.
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ac === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The candidates closest to `word`, best first, within `limit` edits. */
export function closest(word: string, candidates: Iterable<string>, limit: number, max = 3): string[] {
  const scored: [string, number][] = [];
  for (const c of candidates) {
    const d = editDistance(word, c, limit);
    if (d <= limit) scored.push([c, d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, max).map(([c]) => c);
}

/**
 * Answers per (owner, text), bounded: the same actions, patterns and ARNs recur in every policy and on every
 * keystroke, and the answer depends only on the text and the owner (the IAM data). `undefined` is not a
 * cacheable answer: return `null` for "nothing". Keys longer than `maxKeyLength` are computed, not kept.
 * `compute` gets the key and the owner, so callers on hot paths can pass a function made once instead of a
 * closure made per call.
 */
export class TextCache<O extends object, V> {
  private readonly tables = new WeakMap<O, { size: number; answers: Record<string, V> }>();

  constructor(
    private readonly limit: number,
    private readonly maxKeyLength = Infinity,
  ) {}

  /** The owner asked last and its table: one owner (the IAM data) answers nearly every question. */
  private lastOwner: O | undefined;
  private lastTable: { size: number; answers: Record<string, V> } | undefined;

  get(owner: O, key: string, compute: (key: string, owner: O) => V): V {
    let table = this.lastTable;
    if (owner !== this.lastOwner || !table) {
      table = this.tables.get(owner);
      if (!table) this.tables.set(owner, (table = { size: 0, answers: Object.create(null) as Record<string, V> }));
      this.lastOwner = owner;
      this.lastTable = table;
    }
    // An object without prototype rather than a Map: V8 looks a property key up in its table of unique
    // strings (and remembers the answer on the string), so the rules that ask about the same value one after
    // the other compare pointers, where a Map compares characters each time; and the keys kept are copies,
    // not slices that hold the whole text of the file they were read from. Measured: about twice as fast.
    const hit = table.answers[key];
    if (hit !== undefined) return hit;
    const value = compute(key, owner);
    if (key.length <= this.maxKeyLength) {
      if (table.size >= this.limit) {
        table.answers = Object.create(null) as Record<string, V>;
        table.size = 0;
      }
      table.answers[key] = value;
      table.size++;
    }
    return value;
  }
}

export function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/**
 * A value kept on the object it is about (a policy document, an analysis), under a symbol of its own and not
 * enumerable: it lives exactly as long as that object. A module's WeakMap keyed by such short-lived objects
 * costs far more than it looks: V8's young-generation collector keeps every entry's value alive, so the
 * analysis a value points into (through its nodes, the whole tree of a policy) survived each scavenge and was
 * promoted to the old generation instead of dying young; measured over the managed policies, half of what an
 * analysis allocated was promoted.
 */
export class Slot<K extends object, V> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as Record<symbol, V | undefined>)[this.key];
  }

  set(owner: K, value: V): V {
    Object.defineProperty(owner, this.key, { value, writable: true, configurable: true });
    return value;
  }
}

/**
 * Memoises a function of one object (a policy document, a statement): rules ask the same questions of
 * the same document many times per keystroke. Results live as long as the object (in a `Slot`).
 */
export function memo<K extends object, V>(fn: (key: K) => V, name = fn.name): (key: K) => V {
  const slot = new Slot<K, { value: V }>(name);
  return (key: K) => {
    const hit = slot.get(key);
    return hit ? hit.value : slot.set(key, { value: fn(key) }).value;
  };
}
