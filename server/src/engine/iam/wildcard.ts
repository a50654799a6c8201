// IAM's wildcard matching: `*` is any run of characters, `?` any one character, and action names match
// case-insensitively. Compiled patterns are cached because the same few patterns recur on every keystroke.

/** A compiled wildcard pattern. Matching never backtracks exponentially (no regular expression). */
export interface WildcardMatcher {
  test(value: string): boolean;
}

/** Compiled patterns by text, in objects without prototype (see TextCache in ../util.ts for why not a Map). */
const compiled = { insensitive: Object.create(null) as Record<string, WildcardMatcher>, sensitive: Object.create(null) as Record<string, WildcardMatcher>, size: 0 };
const CACHE_LIMIT = 4096;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Glob matching with `*` (any run) and `?` (any one character): the classic two-pointer algorithm that
 * returns to the last `*` on a mismatch, so it is O(pattern × value) at worst, even for a pattern of
 * thousands of stars typed into a policy.
 */
function globMatch(p: string, s: string, fold: boolean): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const c = p.charCodeAt(pi);
    if (pi < p.length && (c === 63 /* ? */ || c === (fold ? lower(s.charCodeAt(si)) : s.charCodeAt(si)))) {
      pi++;
      si++;
    } else if (pi < p.length && c === 42 /* * */) {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

/** ASCII lower case of a char code (A–Z only). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether every character is ASCII, so case can be folded per char code without allocating. */
function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

export function wildcardRegExp(pattern: string, caseInsensitive = true): WildcardMatcher {
  const cache = caseInsensitive ? compiled.insensitive : compiled.sensitive;
  let m = cache[pattern];
  if (!m) {
    // Consecutive stars mean the same as one.
    const p = (caseInsensitive ? pattern.toLowerCase() : pattern).replace(/\*{2,}/g, '*');
    // Case-insensitive matching folds ASCII per character (action names and ARNs are ASCII); any other
    // value is lower-cased whole, as before.
    m = caseInsensitive ? { test: (v: string) => (ascii(v) ? globMatch(p, v, true) : globMatch(p, v.toLowerCase(), false)) } : { test: (v: string) => globMatch(p, v, false) };
    if (compiled.size >= CACHE_LIMIT) {
      compiled.insensitive = Object.create(null) as Record<string, WildcardMatcher>;
      compiled.sensitive = Object.create(null) as Record<string, WildcardMatcher>;
      compiled.size = 0;
    }
    (caseInsensitive ? compiled.insensitive : compiled.sensitive)[pattern] = m;
    compiled.size++;
  }
  return m;
}

/**
 * Whether the value can start as the pattern does, up to the pattern's first wildcard: `s3:Get*` cannot
 * match `iam:PassRole`. Settles most pairs without looking the compiled pattern up; characters outside
 * ASCII are left to the full match (their case folding can change lengths).
 */
function literalStartFits(pattern: string, value: string, fold: boolean): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */ || c > 127) return true;
    if (i >= value.length) return false;
    const v = value.charCodeAt(i);
    if (v > 127) return true;
    if (fold ? lower(c) !== lower(v) : c !== v) return false;
  }
  return true;
}

export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  // Most questions are settled by the first character (`s3:…` asked whether it grants `iam:PassRole`): a
  // pattern's literal start must match whether or not a wildcard follows.
  const c = pattern.charCodeAt(0);
  const v = value.charCodeAt(0);
  if (c <= 127 && v <= 127 && c !== 42 /* * */ && c !== 63 /* ? */ && (caseInsensitive ? lower(c) !== lower(v) : c !== v)) return false;
  if (!hasWildcard(pattern)) {
    if (!caseInsensitive || pattern === value) return pattern === value;
    return pattern.length === value.length && pattern.toLowerCase() === value.toLowerCase();
  }
  return literalStartFits(pattern, value, caseInsensitive) && wildcardRegExp(pattern, caseInsensitive).test(value);
}

/**
 * Whether some string that starts with `prefix` matches `pattern`. Used to ask "can this resource pattern
 * name a role at all" (`role/…`) without enumerating names.
 */
export function canMatchWithPrefix(pattern: string, prefix: string, caseInsensitive = true): boolean {
  const norm = (c: string) => (caseInsensitive ? c.toLowerCase() : c);
  // NFA over pattern positions; `*` may absorb any character.
  let states = new Set<number>([0]);
  const close = (s: Set<number>) => {
    const out = new Set<number>();
    for (let i of s) {
      out.add(i);
      while (pattern[i] === '*') out.add(++i);
    }
    return out;
  };
  states = close(states);
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const p = pattern[i];
      if (p === undefined) continue;
      if (p === '*') next.add(i);
      else if (p === '?' || norm(p) === norm(ch)) next.add(i + 1);
    }
    states = close(next);
    if (states.size === 0) return false;
  }
  return states.size > 0;
}
