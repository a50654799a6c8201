// The server's view of the `iamRoleLens.*` settings: defaults, validation of what the client sends,
// and matching documents against include/exclude/kind globs.
import { minimatch } from 'minimatch';
import type { ForcedKind, Locale, RuleSetting } from '../engine';
import { DEFAULT_MAX_SIZE } from '../engine';

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
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  include: ['**/*.json', '**/*.jsonc', '**/*.template'],
  exclude: ['**/node_modules/**', '**/package.json', '**/package-lock.json', '**/tsconfig*.json', '**/jsconfig*.json', '**/.vscode/**'],
  kinds: {},
  language: 'auto',
  maxFileSize: DEFAULT_MAX_SIZE / 1024 / 1024,
  debounceMs: 50,
};

const SEVERITIES = new Set(['off', 'error', 'warning', 'info']);
const KINDS = new Set(['auto', 'identity', 'trust', 'resource']);

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fallback;
}

/** Whatever the client sent, as valid settings (unknown or ill-typed values fall back to defaults). */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (r['rules'] && typeof r['rules'] === 'object') {
    for (const [id, v] of Object.entries(r['rules'] as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[id] = v as RuleSetting;
  }
  const kinds: Record<string, ForcedKind> = {};
  if (r['kinds'] && typeof r['kinds'] === 'object') {
    for (const [glob, v] of Object.entries(r['kinds'] as Record<string, unknown>)) if (typeof v === 'string' && KINDS.has(v)) kinds[glob] = v as ForcedKind;
  }
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d);
  return {
    enable: typeof r['enable'] === 'boolean' ? r['enable'] : DEFAULT_SETTINGS.enable,
    rules,
    include: strings(r['include'], DEFAULT_SETTINGS.include),
    exclude: strings(r['exclude'], DEFAULT_SETTINGS.exclude),
    kinds,
    language: r['language'] === 'en' || r['language'] === 'ja' ? r['language'] : 'auto',
    maxFileSize: num(r['maxFileSize'], DEFAULT_SETTINGS.maxFileSize, 0.01, 1024),
    debounceMs: num(r['debounceMs'], DEFAULT_SETTINGS.debounceMs, 0, 5000),
  };
}

function globMatch(pattern: string, paths: readonly string[]): boolean {
  return paths.some((p) => minimatch(p, pattern, { dot: true, nocase: process.platform === 'win32', matchBase: !pattern.includes('/') }));
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
