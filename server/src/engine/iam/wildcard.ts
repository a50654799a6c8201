// IAM's wildcard matching: `*` is any run of characters, `?` any one character, and action names match
// case-insensitively. Compiled patterns are cached because the same few patterns recur on every keystroke.

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 4096;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function wildcardRegExp(pattern: string, caseInsensitive = true): RegExp {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let re = cache.get(key);
  if (!re) {
    let src = '';
    for (const ch of pattern) {
      if (ch === '*') src += '.*';
      else if (ch === '?') src += '.';
      else src += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, caseInsensitive ? 'is' : 's');
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  if (!hasWildcard(pattern)) return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return wildcardRegExp(pattern, caseInsensitive).test(value);
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
