// Command-line parsing (the command-line contract, spec cli.md). Everything the user typed is validated here, so
// the commands only see well-formed options; any mistake is a UsageError (exit status 2).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ruleById, toLocale, type ForcedKind, type Locale, type RuleSetting, type Severity } from '../engine';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif';
export type GraphFormat = 'text' | 'json' | 'mermaid' | 'dot';
export type FailOn = Severity | 'none';

export interface CommonOptions {
  paths: string[];
  kind: ForcedKind;
  locale: Locale;
  verbose: boolean;
  /** Name used for `-` (output path and kind hints such as `*trust*.json`). */
  stdinFileName: string | undefined;
  /** `--roles ROLE=PATH`, by the file's absolute path: the role a trust-policy file stands for, whatever its name. */
  roles: Map<string, RoleFile>;
}

export interface CheckOptions extends CommonOptions {
  command: 'check';
  format: Format;
  failOn: FailOn;
  rules: Record<string, RuleSetting>;
}

export interface FixOptions extends CommonOptions {
  command: 'fix';
  dryRun: boolean;
  /** Only these rules' fixes apply; undefined: all. */
  onlyRules: Set<string> | undefined;
}

export interface GraphOptions extends CommonOptions {
  command: 'graph';
  format: GraphFormat;
}

export type Command = CheckOptions | FixOptions | GraphOptions | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  iam-role-lens check [PATH ...] [options]   report findings (PATH: files, folders, or - for stdin; default .)
  iam-role-lens fix PATH ... [options]       apply the preferred fix of every fixable finding, in place
  iam-role-lens graph [PATH ...] [options]   print the role map: who may assume each role, what it is handed
                                             to, who may pass it (default .)

Check options:
  --format text|json|sarif          output format (default text: path:line:col severity ruleId message)
  --fail-on error|warning|info|none exit 1 when a finding is at or above this severity (default error)
  --rule ID=off|error|warning|info  override a rule's severity (repeatable)

Fix options:
  --dry-run                         print the fixed text to stdout instead of writing the files
  --rule ID                         apply only this rule's fixes (repeatable)

Graph options:
  --format text|json|mermaid|dot    output format (default text: a tree per role)

Common options:
  --roles ROLE=PATH                 the trust-policy file PATH stands for role ROLE, whatever its name
                                    (repeatable; default: the name, ROLE.trust.json, ROLE-trust-policy.json,
                                    ROLE/trust-policy.json, ROLE/trust.json)
  --kind auto|identity|trust|resource  force the policy kind (default auto)
  --lang auto|en|ja                 message language (default auto: from LC_ALL / LC_MESSAGES / LANG)
  --stdin-filename NAME             name to report for -, also used for kind hints (default <stdin>)
  --verbose                         list skipped files (not policies) on stderr
  -h, --help                        show this help
  --version                         show the version and the IAM data version

Folders are walked for policy files, skipping node_modules, dot-folders and symbolic links; files
that are not policies are skipped. All the files of one run are one workspace: a role is followed
from one file to another (standard input is checked alone). Input is read up to 5 MB. fix replaces
each file in one step, and leaves it as it was when it cannot. Exit status: 0 nothing at or above
--fail-on (graph: always), 1 something is, 2 usage error, unreadable file or missing path.
`;

const KINDS: readonly ForcedKind[] = ['auto', 'identity', 'trust', 'resource'];
const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const GRAPH_FORMATS: readonly GraphFormat[] = ['text', 'json', 'mermaid', 'dot'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];
const SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for --${flag} (expected ${allowed.join(', ')})`);
}

/** A `--roles ROLE=PATH` value: PATH as given, and the role its trust policy stands for. */
export interface RoleFile {
  role: string;
  path: string;
}

/**
 * `--roles ROLE=PATH` values (split at the first `=`), by the absolute path of the file, so that `a.json` and
 * `./a.json` are one file. A role named twice with two files, or a file named for two roles, is a usage error.
 */
function roleFiles(values: readonly string[]): Map<string, RoleFile> {
  const byPath = new Map<string, RoleFile>();
  const byRole = new Map<string, RoleFile>();
  for (const v of values) {
    const m = /^([^=]+)=(.+)$/.exec(v);
    if (!m) throw new UsageError(`--roles expects ROLE=PATH, got '${v}'`);
    const entry: RoleFile = { role: m[1]!, path: m[2]! };
    const key = path.resolve(entry.path);
    const before = byRole.get(entry.role);
    if (before && path.resolve(before.path) !== key) throw new UsageError(`--roles names two files for role '${entry.role}' (${before.path} and ${entry.path})`);
    const other = byPath.get(key);
    if (other && other.role !== entry.role) throw new UsageError(`--roles names two roles for ${entry.path} ('${other.role}' and '${entry.role}'); a trust-policy file stands for one role`);
    byRole.set(entry.role, entry);
    byPath.set(key, entry);
  }
  return byPath;
}

function knownRule(id: string): string {
  if (id.includes('=')) throw new UsageError(`fix --rule takes a rule id, got '${id}'`);
  if (!ruleById(id)) throw new UsageError(`unknown rule id '${id}' in --rule`);
  return id;
}

/** The locale of `--lang`, where `auto` follows the environment like other command-line tools. */
function locale(value: string | undefined, env: NodeJS.ProcessEnv): Locale {
  const lang = oneOf('lang', value, ['auto', 'en', 'ja'], 'auto');
  if (lang !== 'auto') return lang;
  // POSIX names (ja_JP.UTF-8) as the BCP 47 tags toLocale reads (ja-JP).
  return toLocale((env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'])?.replace(/_/g, '-'));
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        kind: { type: 'string' },
        'fail-on': { type: 'string' },
        rule: { type: 'string', multiple: true },
        roles: { type: 'string', multiple: true },
        lang: { type: 'string' },
        'stdin-filename': { type: 'string' },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    // parseArgs names the flag ("Unknown option '--frmat'. To specify a positional argument …"): keep that.
    throw new UsageError((error as Error).message.replace(/\. To specify .*$/s, '').replace(/^\w/, (c) => c.toLowerCase()));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { command: 'help' };
  if (v.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command (check, fix or graph)');
  if (command !== 'check' && command !== 'fix' && command !== 'graph') throw new UsageError(`unknown command '${command}' (expected check, fix or graph)`);
  const only = (flags: string[]) => {
    for (const f of flags) if (v[f as keyof typeof v] !== undefined) throw new UsageError(`--${f} is not an option of ${command}`);
  };
  const common: CommonOptions = {
    paths,
    kind: oneOf('kind', v.kind, KINDS, 'auto'),
    locale: locale(v.lang, env),
    verbose: v.verbose ?? false,
    stdinFileName: v['stdin-filename'],
    roles: roleFiles(v.roles ?? []),
  };
  if (command === 'check') {
    only(['dry-run']);
    const rules: Record<string, RuleSetting> = {};
    for (const r of v.rule ?? []) {
      const m = /^([^=]+)=(.*)$/.exec(r);
      if (!m) throw new UsageError(`--rule expects ID=off|error|warning|info, got '${r}'`);
      rules[knownRule(m[1]!)] = oneOf('rule', m[2], SETTINGS, 'off');
    }
    return {
      command,
      ...common,
      paths: paths.length ? paths : ['.'],
      format: oneOf('format', v.format, FORMATS, 'text'),
      failOn: oneOf('fail-on', v['fail-on'], FAIL_ON, 'error'),
      rules,
    };
  }
  if (command === 'graph') {
    only(['dry-run', 'fail-on', 'rule']);
    return { command, ...common, paths: paths.length ? paths : ['.'], format: oneOf('format', v.format, GRAPH_FORMATS, 'text') };
  }
  only(['format', 'fail-on']);
  if (paths.length === 0) throw new UsageError('fix needs at least one PATH');
  return {
    command,
    ...common,
    dryRun: v['dry-run'] ?? false,
    onlyRules: v.rule ? new Set(v.rule.map(knownRule)) : undefined,
  };
}
