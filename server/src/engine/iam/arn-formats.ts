// ARN formats of the IAM reference data (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`), and
// the checks of an ARN's fields that the invalid-arn rule and the ARN hover share: partition, account,
// region of global services, resource type. Policy variables and CloudFormation references (`${…}`) are
// never judged: their value is only known at run time.
import type { Arn } from './arn';
import { parseArn } from './arn';
import type { IamData } from './data';
import { closest, TextCache } from '../util';
import { hasWildcard, wildcardMatch } from './wildcard';

/** Partitions that exist (aws-eusc: the AWS European Sovereign Cloud). */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

/**
 * Services whose ARNs never carry a region. Deliberately short: the data also writes regional services
 * such as SWF with an empty region, so "no format has a region" alone would be wrong.
 */
export const GLOBAL_ARN_SERVICES: ReadonlySet<string> = new Set(['iam', 'sts', 'cloudfront', 'route53', 'organizations', 'waf']);

/**
 * Accounts that are not 12 digits but appear in real ARNs: AWS-owned resources (`arn:aws:iam::aws:policy/…`),
 * CloudFront origin access identities (`arn:aws:iam::cloudfront:user/…`), partner-owned managed policies
 * (`arn:aws:iam::partner:policy/…`, in AWS's own AccountManagementFromVercel policy).
 */
const NAMED_ACCOUNTS = new Set(['aws', 'cloudfront', 'partner']);

export interface ArnFormat {
  /** The service whose data lists the format (usually the ARN's own service). */
  service: string;
  resourceType: string;
  arn: string;
  region: string;
  account: string;
  resource: string;
  /** The literal resource-type word the resource starts with (`role`), or undefined when it starts with a variable. */
  token: string | undefined;
  /** Matches a concrete resource part. */
  re: RegExp;
  /** Literal characters in the resource part: the more, the more specific the format. */
  weight: number;
}

const VARIABLE = /\$\{[^}]*\}/g;

/** Splits an ARN format on colons outside `${…}`. */
function formatFields(arn: string): string[] {
  const parsed = parseArn(arn);
  return parsed ? [parsed.partition, parsed.service, parsed.region, parsed.account, parsed.resource] : [];
}

/** `role/path/name` → `role`; `function:name` → `function`; `${BucketName}` → undefined; `/restapis/x` → ``. */
export function resourceToken(resource: string): string | undefined {
  const m = /^([^/:$]*)(?:[/:]|$)/.exec(resource);
  if (!m) return undefined;
  if (resource.startsWith('${') || (m[1] === '' && resource.startsWith('$'))) return undefined;
  return m[1]!;
}

function formatRegExp(resource: string): { re: RegExp; weight: number } {
  const parts = resource.split(VARIABLE);
  const vars = resource.match(VARIABLE) ?? [];
  let src = '';
  let weight = 0;
  parts.forEach((lit, i) => {
    src += lit.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    weight += lit.length;
    if (i < vars.length) src += i === vars.length - 1 ? '.+' : '[^/:]+';
  });
  return { re: new RegExp(`^${src}$`, 's'), weight };
}

const formatCache = new WeakMap<IamData, Map<string, ArnFormat[]>>();
const crossCache = new WeakMap<IamData, Map<string, ArnFormat[]>>();

function formatsOf(service: string, data: IamData, into: (ns: string, f: ArnFormat) => void): void {
  for (const t of data.resourceTypes(service).values()) {
    const f = formatFields(t.arn);
    if (f.length !== 5) continue;
    const [, ns, region, account, resource] = f as [string, string, string, string, string];
    into(ns.toLowerCase(), { service, resourceType: t.key, arn: t.arn, region, account, resource, token: resourceToken(resource), ...formatRegExp(resource) });
  }
}

/** The formats of ARNs whose service field is `namespace`, from that service's own resource types. */
export function arnFormats(namespace: string, data: IamData): ArnFormat[] {
  let perData = formatCache.get(data);
  if (!perData) formatCache.set(data, (perData = new Map<string, ArnFormat[]>()));
  const ns = namespace.toLowerCase();
  let list = perData.get(ns);
  if (!list) {
    const own: ArnFormat[] = [];
    if (data.hasService(ns)) formatsOf(ns, data, (n, f) => n === ns && own.push(f));
    perData.set(ns, (list = own));
  }
  return list;
}

/**
 * The formats of `namespace` that other services list too (STS lists `arn:…:iam::…:root`, SSM lists S3
 * buckets). Reads every service's resource types once (about 2 MB), so it is only asked when a service's
 * own formats do not recognise an ARN.
 */
export function allArnFormats(namespace: string, data: IamData): ArnFormat[] {
  let index = crossCache.get(data);
  if (!index) {
    const built = new Map<string, ArnFormat[]>();
    for (const s of data.services()) formatsOf(s, data, (ns, f) => built.set(ns, [...(built.get(ns) ?? []), f]));
    crossCache.set(data, (index = built));
  }
  return index.get(namespace.toLowerCase()) ?? [];
}

/** The resource types an ARN (or ARN pattern) names, most specific first. */
export function recognizeResourceType(arn: Arn, data: IamData): ArnFormat[] {
  if (arn.service.includes('${') || hasWildcard(arn.service)) return [];
  const token = resourceToken(arn.resource);
  const pick = (formats: ArnFormat[]) => {
    const byToken = formats.filter((f) => f.token !== undefined && token !== undefined && f.token === token);
    const candidates = byToken.length ? byToken : formats.filter((f) => f.token === undefined);
    const matching = candidates.filter((f) => f.re.test(arn.resource));
    return (matching.length ? matching : byToken).sort((a, b) => b.weight - a.weight);
  };
  const own = pick(arnFormats(arn.service, data));
  return own.length ? own : pick(allArnFormats(arn.service, data));
}

export type ArnField = 'partition' | 'service' | 'region' | 'account' | 'resource';
export const ARN_FIELDS: readonly ArnField[] = ['partition', 'service', 'region', 'account', 'resource'];

export type ArnProblem =
  | { kind: 'not-arn' }
  | { kind: 'fields'; count: number }
  | { kind: 'partition'; value: string }
  | { kind: 'account'; value: string }
  | { kind: 'region'; value: string; service: string }
  | { kind: 'resource-type'; value: string; service: string; known: string[] }
  | { kind: 'resource-separator'; value: string; service: string; known: string[] };

function variable(s: string): boolean {
  return s.includes('${');
}

/** Whether an account field can be a 12-digit account ID (wildcards allowed). */
export function accountCanBeValid(account: string): boolean {
  if (account === '' || variable(account) || NAMED_ACCOUNTS.has(account)) return true;
  if (!/^[0-9*?]+$/.test(account)) return false;
  const fixed = account.replace(/\*/g, '').length;
  return fixed <= 12 && (account.includes('*') || account.length === 12);
}

const PARTITION_SET: ReadonlySet<string> = new Set(PARTITIONS);

function partitionCanBeValid(partition: string): boolean {
  if (variable(partition) || PARTITION_SET.has(partition)) return true;
  return hasWildcard(partition) && PARTITIONS.some((p) => wildcardMatch(partition, p, false));
}

/** The number of fields of a text that starts with `arn:` (colons inside `${…}` not counted). */
function fieldCount(text: string): number {
  let n = 1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && depth > 0) depth--;
    else if (ch === ':' && depth === 0) n++;
  }
  return n;
}

const arnVerdicts = new TextCache<IamData, ArnProblem[]>(20_000, 2048);

/**
 * Problems of an ARN, in field order. `spanning`: the value is matched as a plain string pattern (String
 * operators), where `*` can stand for several fields, so a short pattern is not wrong. `resourceTypes`: also
 * judge the resource type (principals have their own, shorter list).
 * Remembered per text and mode: the same ARNs recur on every keystroke.
 */
export function arnProblems(text: string, data: IamData, spanning = false, resourceTypes = true): ArnProblem[] {
  const key = (spanning ? 's' : '-') + (resourceTypes ? 'r' : '-') + text;
  return arnVerdicts.get(data, key, () => findArnProblems(text, data, spanning, resourceTypes));
}

function findArnProblems(text: string, data: IamData, spanning: boolean, resourceTypes: boolean): ArnProblem[] {
  if (!text.startsWith('arn:')) return [{ kind: 'not-arn' }];
  const arn = parseArn(text);
  if (!arn) {
    if (spanning && text.includes('*')) return [];
    return [{ kind: 'fields', count: fieldCount(text) }];
  }
  const out: ArnProblem[] = [];
  if (!partitionCanBeValid(arn.partition)) out.push({ kind: 'partition', value: arn.partition });
  const service = arn.service.toLowerCase();
  const knownService = !variable(arn.service) && !hasWildcard(arn.service) && data.hasService(service);
  if (knownService && GLOBAL_ARN_SERVICES.has(service) && arn.region !== '' && !variable(arn.region) && !wildcardMatch(arn.region, '', false)) {
    out.push({ kind: 'region', value: arn.region, service });
  }
  if (!accountCanBeValid(arn.account)) out.push({ kind: 'account', value: arn.account });
  if (knownService && resourceTypes) {
    const problem = resourceTypeProblem(arn, service, data);
    if (problem) out.push(problem);
  }
  return out;
}

interface TokenSet {
  /** Some format starts with a variable (S3's `${BucketName}`): any resource part fits. */
  open: boolean;
  /** Lower-cased type words. */
  tokens: Set<string>;
}
const tokenCache = new WeakMap<ArnFormat[], TokenSet>();

function tokenSet(formats: ArnFormat[]): TokenSet {
  let set = tokenCache.get(formats);
  if (!set) {
    set = { open: formats.length === 0 || formats.some((f) => f.token === undefined), tokens: new Set(formats.map((f) => (f.token ?? '').toLowerCase())) };
    tokenCache.set(formats, set);
  }
  return set;
}

/**
 * The resource part cannot name a resource of the service. The data's formats are not complete (Backup
 * recovery points, AWS-owned CloudFormation transforms and Private CA templates, WAF change tokens, STS
 * role sessions are all real and missing), so an unknown type word alone proves nothing. Two cases do:
 * - a word one or two edits away from a real one (`roles/…`, `endpointconfig/…`, `connector-profile/…`):
 *   a misspelling, which matches nothing because ARNs compare case-sensitively and literally;
 * - a resource part that starts with `/` or `:` (`arn:aws:logs:*:*:/aws-glue/*`, an API path or a doubled
 *   colon) where every format of the service starts with a type word.
 * A word with a wildcard or a variable is given the benefit of the doubt; case is not judged.
 */
function resourceTypeProblem(arn: Arn, service: string, data: IamData): ArnProblem | undefined {
  const m = /^([^/:]*)([/:]?)/.exec(arn.resource)!;
  const head = m[1]!;
  if ((head === '' && m[2] === '') || variable(head) || hasWildcard(head)) return undefined;
  const word = head.toLowerCase();
  const fits = (set: TokenSet) => set.open || set.tokens.has(word);
  if (fits(tokenSet(arnFormats(service, data)))) return undefined;
  const all = allArnFormats(service, data);
  const set = tokenSet(all);
  if (fits(set)) return undefined;
  const known = [...new Set(all.map((f) => f.token ?? ''))].filter((t) => t !== '').sort();
  if (word === '') return known.length ? { kind: 'resource-separator', value: m[2]!, service, known } : undefined;
  const limit = Math.max(1, Math.min(2, Math.floor(word.length / 5)));
  const close = closest(word, known.map((k) => k.toLowerCase()), limit, 3);
  if (close.length === 0) return undefined;
  return { kind: 'resource-type', value: head, service, known: close.map((c) => known.find((k) => k.toLowerCase() === c)!) };
}

/** Offsets of each field inside the ARN text (start index in the string). */
export function fieldOffsets(text: string): number[] {
  const out = [0];
  let depth = 0;
  for (let i = 0; i < text.length && out.length < 6; i++) {
    const ch = text[i]!;
    if (ch === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && depth > 0) depth--;
    else if (ch === ':' && depth === 0) out.push(i + 1);
  }
  return out;
}
