// The part of Node's `path` the server uses, for the browser bundles (POSIX paths: a URI's path is one).
// The build maps `node:path` here for platform: 'browser' only.

export const sep = '/';

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

function segments(p: string): string[] {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

export function normalize(p: string): string {
  return (isAbsolute(p) ? '/' : '') + segments(p).join('/');
}

export function join(...parts: string[]): string {
  return normalize(parts.filter(Boolean).join('/')) || '.';
}

export function dirname(p: string): string {
  const s = segments(p);
  s.pop();
  return (isAbsolute(p) ? '/' : '') + s.join('/') || (isAbsolute(p) ? '/' : '.');
}

/** The path from `from` to `to` (both absolute, as the server's workspace folders and files are). */
export function relative(from: string, to: string): string {
  const a = segments(from);
  const b = segments(to);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export default { sep, isAbsolute, normalize, join, dirname, relative };
