// The server's view of the `iamRoleLens.*` settings: defaults, validation of what the client sends,
// and matching documents against include/exclude/kind globs. A workspace's settings are not trusted:
// VS Code does not apply the costly ones in Restricted Mode (package.json `restrictedConfigurations`), and
// other clients may send anything, so globs are bounded in number and length and matched in linear time.
import type { ForcedKind, Locale, RuleSetting } from '../engine';
import { DEFAULT_MAX_SIZE } from '../engine';
import { compileGlob, MAX_GLOB_LENGTH, type GlobMatcher } from './glob';

/** At most this many patterns per setting (`include`, `exclude`, `kinds`); the rest are left out. */
export const MAX_GLOBS = 256;

export interface Settings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  include: string[];
  exclude: string[];
  /** Glob → kind to force for matching files. */
  kinds: Record<string, ForcedKind>;
  language: 'auto' | Locale;
  /** Megabytes. */
  maxFileSize: number;
  /** Delay before analysing after an edit, in milliseconds. */
  debounceMs: number;
  /** Role name → the trust-policy file that stands for it (a path relative to the workspace folder, or absolute). */
  roles: Record<string, string>;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  include: ['**/*.json', '**/*.jsonc', '**/*.yaml', '**/*.yml', '**/*.template', '**/*.tf'],
  exclude: ['**/node_modules/**', '**/package.json', '**/package-lock.json', '**/tsconfig*.json', '**/jsconfig*.json', '**/.vscode/**'],
  kinds: {},
  language: 'auto',
  maxFileSize: DEFAULT_MAX_SIZE / 1024 / 1024,
  debounceMs: 50,
  roles: {},
};

const SEVERITIES = new Set(['off', 'error', 'warning', 'info']);
const KINDS = new Set(['auto', 'identity', 'trust', 'resource']);

/** Says why a setting's value was not taken as it is (the server's log). */
export type SettingsWarning = (message: string) => void;

/** Glob patterns as the matcher takes them: too long or too many are left out, and said so. */
function globs(name: string, patterns: readonly string[], warn: SettingsWarning): string[] {
  const long = patterns.filter((p) => p.length > MAX_GLOB_LENGTH);
  if (long.length) warn(`iamRoleLens.${name}: ${long.length} pattern(s) longer than ${MAX_GLOB_LENGTH} characters ignored`);
  const kept = patterns.filter((p) => p.length <= MAX_GLOB_LENGTH);
  if (kept.length > MAX_GLOBS) warn(`iamRoleLens.${name}: only the first ${MAX_GLOBS} of ${kept.length} patterns are used`);
  return kept.slice(0, MAX_GLOBS);
}

function strings(name: string, v: unknown, fallback: string[], warn: SettingsWarning): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? globs(name, v, warn) : fallback;
}

/** Whatever the client sent, as valid settings (unknown or ill-typed values fall back to defaults). */
export function normalizeSettings(raw: unknown, warn: SettingsWarning = () => {}): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r['rules'] && typeof r['rules'] === 'object') {
    for (const [id, v] of Object.entries(r['rules'] as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[id] = v as RuleSetting;
  }
  const kinds: Record<string, ForcedKind> = {};
  if (r['kinds'] && typeof r['kinds'] === 'object') {
    const entries = Object.entries(r['kinds'] as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && KINDS.has(v));
    const kept = new Set(globs('kinds', entries.map(([glob]) => glob), warn));
    for (const [glob, v] of entries) if (kept.has(glob)) kinds[glob] = v as ForcedKind;
  }
  const roles: Record<string, string> = {};
  if (r['roles'] && typeof r['roles'] === 'object' && !Array.isArray(r['roles'])) {
    const entries = Object.entries(r['roles'] as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0 && e[1].length <= MAX_GLOB_LENGTH && e[0].length > 0 && e[0].length <= 128);
    if (entries.length > MAX_GLOBS) warn(`iamRoleLens.roles: only the first ${MAX_GLOBS} of ${entries.length} roles are used`);
    for (const [role, file] of entries.slice(0, MAX_GLOBS)) roles[role] = file;
  }
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d);
  return {
    enable: typeof r['enable'] === 'boolean' ? r['enable'] : DEFAULT_SETTINGS.enable,
    rules,
    include: strings('include', r['include'], DEFAULT_SETTINGS.include, warn),
    exclude: strings('exclude', r['exclude'], DEFAULT_SETTINGS.exclude, warn),
    kinds,
    language: r['language'] === 'en' || r['language'] === 'ja' ? r['language'] : 'auto',
    maxFileSize: num(r['maxFileSize'], DEFAULT_SETTINGS.maxFileSize, 0.01, 1024),
    debounceMs: num(r['debounceMs'], DEFAULT_SETTINGS.debounceMs, 0, 5000),
    roles,
  };
}

/** Compiled patterns, shared by all documents; emptied when it grows past what settings can hold. */
const compiled = new Map<string, GlobMatcher>();
const NEVER: GlobMatcher = () => false;

function matcher(pattern: string): GlobMatcher {
  let m = compiled.get(pattern);
  if (!m) {
    if (compiled.size >= 4 * MAX_GLOBS) compiled.clear();
    // normalizeSettings leaves overlong patterns out; one that gets here anyway matches nothing.
    m = pattern.length > MAX_GLOB_LENGTH ? NEVER : compileGlob(pattern, { nocase: process.platform === 'win32', matchBase: true });
    compiled.set(pattern, m);
  }
  return m;
}

function globMatch(pattern: string, paths: readonly string[]): boolean {
  const m = matcher(pattern);
  return paths.some((p) => m(p));
}

/** Whether settings let the server analyse a document at this path (untitled documents always). */
export function isIncluded(settings: Settings, paths: readonly string[] | undefined): boolean {
  if (!settings.enable) return false;
  if (!paths) return true;
  return settings.include.some((g) => globMatch(g, paths)) && !settings.exclude.some((g) => globMatch(g, paths));
}

export function forcedKind(settings: Settings, paths: readonly string[] | undefined): ForcedKind {
  if (!paths) return 'auto';
  for (const [glob, kind] of Object.entries(settings.kinds)) if (globMatch(glob, paths)) return kind;
  return 'auto';
}

/** `./a/b.json`, `a\\b.json` → `a/b.json`: how a roles-setting path is compared with a document's paths. */
function normalPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/');
}

/**
 * The role a trust-policy file stands for by the `iamRoleLens.roles` setting: the role whose path is the
 * document's (relative to a workspace folder, or absolute); none when no entry names it.
 */
export function roleNameFor(settings: Settings, paths: readonly string[] | undefined): string | undefined {
  if (!paths) return undefined;
  const mine = new Set(paths.map(normalPath));
  for (const [role, file] of Object.entries(settings.roles)) if (mine.has(normalPath(file))) return role;
  return undefined;
}
