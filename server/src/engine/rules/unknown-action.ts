import { expandActionNames, fullName, MAX_ACTION_LENGTH, splitAction } from '../iam/actions';
import type { IamData } from '../iam/data';
import { hasWildcard, wildcardRegExp } from '../iam/wildcard';
import type { Statement, ValueItem } from '../model';
import { keepsAllowsFromGrowing } from '../fixes';
import type { Fix } from '../types';
import { closest, editDistance, TextCache } from '../util';
import type { Rule, RuleContext } from './rule';

/** How far a misspelled name may be from a real one to be suggested: 1 edit for short names, up to 3. */
function nameLimit(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 4)));
}

/**
 * S3 API operations whose permission has another name (Amazon S3 User Guide, "Required permissions for
 * Amazon S3 API operations"): the API name is the usual mistake, and the nearest name by spelling is wrong
 * (`s3:ListBuckets` is one letter from `s3:ListBucket`, but needs `s3:ListAllMyBuckets`).
 */
const API_NAMES: Record<string, string> = {
  's3:listbuckets': 's3:ListAllMyBuckets',
  's3:listobjects': 's3:ListBucket',
  's3:listobjectsv2': 's3:ListBucket',
  's3:headbucket': 's3:ListBucket',
  's3:headobject': 's3:GetObject',
  's3:listobjectversions': 's3:ListBucketVersions',
  's3:listmultipartuploads': 's3:ListBucketMultipartUploads',
  's3:deleteobjects': 's3:DeleteObject',
};

/** Real actions of a service close to a misspelled name, in AWS's spelling, best first, with their distance. */
function closeActions(service: string, name: string, data: IamData): { suggestions: string[]; sure: boolean } {
  const alias = API_NAMES[`${service}:${name}`.toLowerCase()];
  if (alias) return { suggestions: [alias], sure: true };
  const actions = data.actions(service);
  const lower = name.toLowerCase();
  const found = closest(lower, actions.keys(), nameLimit(name));
  // One candidate, and near enough that applying it without asking is safe.
  const sure = found.length === 1 && editDistance(lower, found[0]!, 2) <= 2;
  return { suggestions: found.map((k) => fullName(actions.get(k)!)), sure };
}

/** Service prefixes close to an unknown one that have an action of the same name (or matching the pattern). */
function closeServices(service: string, name: string, data: IamData): string[] {
  const limit = service.length <= 3 ? 1 : 2;
  const out: string[] = [];
  for (const s of closest(service.toLowerCase(), data.services(), limit, 5)) {
    if (hasWildcard(name)) {
      const re = wildcardRegExp(name);
      if ([...data.actions(s).values()].some((a) => re.test(a.name))) out.push(`${s}:${name}`);
    } else {
      const a = data.action(s, name);
      if (a) out.push(fullName(a));
    }
  }
  return out.slice(0, 3);
}

const EDIT_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Patterns one edit away from a wildcard that matches nothing (`s3:Gett*` → `s3:Get*`) that match some
 * action: deletions first (a doubled letter is the usual slip), then substitutions and insertions.
 */
function closePatterns(service: string, name: string, data: IamData): string[] {
  if (name.length > 64) return [];
  const names = [...data.actions(service).keys()];
  const lower = name.toLowerCase();
  const tried = new Set<string>([lower]);
  const found: string[] = [];
  const consider = (p: string) => {
    if (tried.has(p) || !hasWildcard(p) || p.replace(/\*/g, '') === '') return;
    tried.add(p);
    // Not wildcardRegExp: its cache is for the patterns of the document, not for hundreds of guesses.
    const re = new RegExp(`^${p.replace(/[\\^$.|+()[\]{}]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
    if (names.some((n) => re.test(n))) found.push(p);
  };
  for (let i = 0; i < lower.length; i++) consider(lower.slice(0, i) + lower.slice(i + 1));
  const deletions = found.length;
  for (let i = 0; i < lower.length; i++) for (const c of EDIT_CHARS) consider(lower.slice(0, i) + c + lower.slice(i + 1));
  for (let i = 0; i <= lower.length; i++) for (const c of EDIT_CHARS) consider(lower.slice(0, i) + c + lower.slice(i));
  const best = deletions > 0 ? found.slice(0, deletions) : found;
  // Keep the author's capitals where the edit left the characters in place.
  return best.slice(0, 3).map((p) => `${service}:${recase(p, name)}`);
}

/** Writes `lowerPattern` with the capitals of `original` where they line up from the start and the end. */
function recase(lowerPattern: string, original: string): string {
  const out = lowerPattern.split('');
  for (let i = 0; i < out.length && i < original.length && out[i] === original[i]!.toLowerCase(); i++) out[i] = original[i]!;
  for (let i = 1; i <= out.length && i <= original.length; i++) {
    const a = out.length - i;
    const b = original.length - i;
    if (out[a]!.toLowerCase() !== original[b]!.toLowerCase()) break;
    out[a] = original[b]!;
  }
  return out.join('');
}

const anyMatchCache = new WeakMap<IamData, Map<string, boolean>>();

/** Whether a pattern of one service (`s3:Get*`) matches some action; stops at the first (cached). */
function matchesSome(service: string, name: string, data: IamData): boolean {
  let cache = anyMatchCache.get(data);
  if (!cache) anyMatchCache.set(data, (cache = new Map<string, boolean>()));
  const key = `${service}:${name}`.toLowerCase();
  let hit = cache.get(key);
  if (hit === undefined) {
    const re = wildcardRegExp(name);
    hit = false;
    for (const a of data.actionNames(service)) {
      if (re.test(a)) {
        hit = true;
        break;
      }
    }
    if (cache.size > 4000) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

type Problem =
  | { kind: 'format' }
  | { kind: 'too-long' }
  | { kind: 'service'; service: string; suggestions: string[]; sure: boolean }
  | { kind: 'service-pattern'; service: string }
  | { kind: 'action'; service: string; suggestions: string[]; sure: boolean }
  | { kind: 'pattern'; service: string; suggestions: string[]; sure: boolean };

/** Verdicts per action text (`null`: a real action); values too long to be actions are not kept. */
const verdicts = new TextCache<IamData, Problem | null>(20_000, MAX_ACTION_LENGTH);

function problemOf(text: string, data: IamData): Problem | undefined {
  return verdicts.get(data, text, verdictOf) ?? undefined;
}

function verdictOf(text: string, data: IamData): Problem | null {
  return findProblem(text, data) ?? null;
}

/** What is wrong with an Action value, or undefined when it names at least one real action. */
function findProblem(text: string, data: IamData): Problem | undefined {
  if (text === '*') return undefined;
  // No IAM action is anywhere near this long; matching it against every name would only cost time.
  if (text.length > MAX_ACTION_LENGTH) return { kind: 'too-long' };
  const parts = splitAction(text);
  if (!parts || parts.name === '' || /\s/.test(text)) return { kind: 'format' };
  const { service, name } = parts;
  if (hasWildcard(service)) {
    const re = wildcardRegExp(service);
    if (!data.services().some((s) => re.test(s))) return { kind: 'service-pattern', service };
    // `*:Get*` and the like: the wildcard spans services, which is everything's data; only a name
    // without wildcards is checked cheaply per matching service.
    return expandActionNames(text, data).length ? undefined : { kind: 'pattern', service, suggestions: [], sure: false };
  }
  if (!data.hasService(service)) {
    const suggestions = closeServices(service, name, data);
    return { kind: 'service', service, suggestions, sure: suggestions.length === 1 };
  }
  if (!hasWildcard(name)) return data.hasAction(service, name) ? undefined : { kind: 'action', service, ...closeActions(service, name, data) };
  if (matchesSome(service, name, data)) return undefined;
  const suggestions = closePatterns(service, name, data);
  return { kind: 'pattern', service, suggestions, sure: suggestions.length === 1 };
}

function report(ctx: RuleContext, stmt: Statement, inNotAction: boolean, item: ValueItem, text: string, problem: Problem): void {
  const { t } = ctx;
  const suggestions = 'suggestions' in problem ? problem.suggestions : [];
  const sure = 'sure' in problem && problem.sure;
  // The real action is matched where the misspelled one matched nothing: the statement applies to more
  // requests (to fewer, for a NotAction value). Applied by fix only where that cannot widen access.
  const safe = keepsAllowsFromGrowing(stmt, inNotAction ? 'fewer' : 'more');
  const fixes: Fix[] = suggestions.map((s) => ({
    title: t.uaFixReplace(s),
    // Applied by fix-all only when there is no other close candidate to choose from, and it is near.
    preferred: sure && safe,
    edits: () => [ctx.writer.replace(item.node, s)],
  }));
  const serviceName = 'service' in problem ? ctx.data.serviceName(problem.service) : undefined;
  ctx.report({ node: item.node, message: t.uaMessage(text, problem.kind, 'service' in problem ? problem.service : '', serviceName, suggestions, ctx.data.meta().date), fixes });
}

function checkItems(ctx: RuleContext, stmt: Statement, inNotAction: boolean, items: readonly ValueItem[] | undefined): void {
  for (const item of items ?? []) {
    const text = item.text;
    // CloudFormation references and policy variables are only known at deploy or request time.
    if (text === undefined || item.node.type !== 'string' || text.includes('${')) continue;
    const problem = problemOf(text, ctx.data);
    if (problem) report(ctx, stmt, inNotAction, item, text, problem);
  }
}

export const unknownAction: Rule = {
  id: 'unknown-action',
  defaultSeverity: 'error',
  fixable: true,
  reads: 'resource',
  summary: { en: 'An action or service prefix that does not exist, or a wildcard that matches no action.', ja: '存在しないアクションまたはサービスプレフィックス、あるいはどのアクションにも一致しないワイルドカード。' },
  check(ctx) {
    for (const doc of ctx.analysis.documents) {
      for (const stmt of doc.statements) {
        checkItems(ctx, stmt, false, stmt.actions);
        checkItems(ctx, stmt, true, stmt.notActions);
      }
    }
  },
};
