// A small IAM policy evaluator, written for the tests and independent of the engine's rules: does one
// policy document allow, deny, or say nothing about one request? It reads the document as plain data (what
// JSON.parse, or a YAML parser, gives), with CloudFormation intrinsic functions reduced to text.
//
// What it models, as IAM evaluates a single policy:
//   - Effect, Action/NotAction (wildcards, case-insensitive), Resource/NotResource (wildcards, case-sensitive),
//     Principal/NotPrincipal (`*`, AWS accounts, ARNs and the sessions of a named role, services, federated
//     providers, canonical users), and Condition with every operator, `…IfExists`, `ForAnyValue:` and
//     `ForAllValues:`, multi-valued keys, `Null`, and policy variables (`${aws:username}`) in the 2012-10-17
//     language (plain text in 2008-10-17 or without `Version`).
//   - An explicit Deny wins over an Allow; without either the request is not allowed.
// What it reads as the author meant rather than as IAM's parser would reject it: names of the grammar (element
// names such as `effect`, principal types such as `aws`, and the `Allow`/`Deny` words) are read case-
// insensitively, the way the engine reads them; values (actions, ARNs, principals, condition values) are
// compared as IAM compares them. A statement IAM cannot evaluate (an unknown operator, no Principal where one
// is needed) applies to no request. A trust policy's resource is always the role itself, so a `Resource` in
// a trust policy (which IAM rejects) is ignored.
import { wildcardMatch } from '../../server/src/engine/iam/wildcard';

export type Kind = 'identity' | 'trust' | 'resource';
export type Decision = 'allow' | 'deny' | 'none';

export interface Principal {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  id: string;
}

export interface Request {
  action: string;
  /** The ARN acted on (identity and resource policies); trust policies act on the role itself. */
  resource?: string;
  /** Who makes the request (trust and resource policies). */
  principal?: Principal;
  /** Condition keys in lower case, each with its values (a single-valued key has one). Absent: not listed. */
  context: Record<string, readonly string[]>;
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A member of an object by name, read case-insensitively; an exactly spelled key wins. */
function member(obj: Record<string, Json>, name: string): Json {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function hasMember(obj: Record<string, Json>, name: string): boolean {
  return Object.keys(obj).some((k) => k.toLowerCase() === name.toLowerCase());
}

/** The text of a value: strings as they are, CloudFormation intrinsics as `${Name}` references. */
export function textOf(v: Json, depth = 0): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (!isObject(v) || depth > 8) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const fn = keys[0]!;
  const arg = v[fn];
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? `\${${arg}}` : undefined;
    case 'Fn::GetAtt':
      if (Array.isArray(arg)) return `\${${arg.map((a) => textOf(a, depth + 1) ?? '?').join('.')}}`;
      return typeof arg === 'string' ? `\${${arg}}` : undefined;
    case 'Fn::Sub':
      return Array.isArray(arg) ? textOf(arg[0], depth + 1) : textOf(arg, depth + 1);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return undefined;
      const parts = arg[1].map((p) => textOf(p, depth + 1));
      return parts.every((p) => p !== undefined) ? parts.join(arg[0]) : undefined;
    }
    default:
      return `\${${fn}}`;
  }
}

/** A string or a list of them, as texts (unreadable items kept as undefined). */
export function texts(v: Json): (string | undefined)[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => textOf(x));
}

export function statementsOf(doc: Json): Record<string, Json>[] {
  if (!isObject(doc)) return [];
  const s = member(doc, 'Statement');
  return (Array.isArray(s) ? s : [s]).filter(isObject);
}

// ---- Policy variables ------------------------------------------------------------------------------

/** `${aws:username}` is a policy variable; `${AWS::AccountId}`, `${Role.Arn}` are template references. */
function isPolicyVariable(name: string): boolean {
  return name === '*' || name === '?' || name === '$' || (/^[^:]+:[^:]/.test(name) && !name.includes('::'));
}

const NO_VALUE = '\u0000no-value\u0000';

/** Substitutes policy variables from the request (2012-10-17 only). A variable with no value matches nothing. */
function substitute(text: string, req: Request, variables: boolean): string {
  if (!variables || !text.includes('${')) return text;
  return text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (!isPolicyVariable(name)) return whole;
    if (name === '*' || name === '?' || name === '$') return `\u0001${name}`;
    const [key, fallback] = name.split(/,\s*'/);
    const values = req.context[key!.trim().toLowerCase()];
    if (values?.length) return values[0]!;
    return fallback !== undefined ? fallback.replace(/'$/, '') : NO_VALUE;
  });
}

/** A pattern after substitution: `\u0001*` is a literal star (`${*}`). */
function globMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (pattern.includes(NO_VALUE)) return false;
  if (!pattern.includes('\u0001')) return wildcardMatch(pattern, value, caseInsensitive);
  // Literal `*`/`?`/`$` from escapes: compare piecewise around them.
  const parts = pattern.split(/\u0001[*?$]/);
  const literals = [...pattern.matchAll(/\u0001([*?$])/g)].map((m) => m[1]!);
  let re = '';
  parts.forEach((p, i) => {
    re += p.replace(/[\\^$.+()[\]{}|]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    if (i < literals.length) re += '\\' + literals[i];
  });
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's').test(value);
}

// ---- Elements ----------------------------------------------------------------------------------------

function actionMatches(stmt: Record<string, Json>, action: string): boolean {
  if (hasMember(stmt, 'Action')) return texts(member(stmt, 'Action')).some((p) => p !== undefined && wildcardMatch(p, action, true));
  if (hasMember(stmt, 'NotAction')) return !texts(member(stmt, 'NotAction')).some((p) => p !== undefined && wildcardMatch(p, action, true));
  return false;
}

function resourceMatches(stmt: Record<string, Json>, req: Request, kind: Kind, variables: boolean): boolean {
  if (kind === 'trust') return true;
  const resource = req.resource ?? '';
  const match = (p: string | undefined) => p !== undefined && globMatch(substitute(p, req, variables), resource, false);
  if (hasMember(stmt, 'Resource')) return texts(member(stmt, 'Resource')).some(match);
  if (hasMember(stmt, 'NotResource')) return !texts(member(stmt, 'NotResource')).some(match);
  return false;
}

const ACCOUNT = /^\d{12}$/;

function accountOf(id: string): string | undefined {
  if (ACCOUNT.test(id)) return id;
  return /^arn:[^:]*:(?:iam|sts)::(\d{12}):/.exec(id)?.[1];
}

/** `arn:aws:iam::1:role/path/Name` → `arn:aws:sts::1:assumed-role/Name/` (the prefix of its sessions). */
function sessionPrefix(roleArn: string): string | undefined {
  const m = /^arn:([^:]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/` : undefined;
}

function onePrincipalMatches(type: string, value: string, p: Principal): boolean {
  if (type.toLowerCase() !== p.type.toLowerCase()) return false;
  if (p.type === 'AWS') {
    if (value === '*') return true;
    if (ACCOUNT.test(value) || /^arn:[^:]*:iam::\d{12}:root$/.test(value)) return accountOf(p.id) === accountOf(value);
    if (value === p.id) return true;
    const prefix = sessionPrefix(value);
    return prefix !== undefined && p.id.startsWith(prefix);
  }
  return value === p.id;
}

function principalElementMatches(value: Json, p: Principal): boolean {
  if (value === '*') return true;
  if (!isObject(value)) return false;
  return Object.entries(value).some(([type, v]) => texts(v).some((x) => x !== undefined && onePrincipalMatches(type, x, p)));
}

function principalMatches(stmt: Record<string, Json>, req: Request, kind: Kind): boolean {
  if (kind === 'identity') return true;
  if (!req.principal) return false;
  if (hasMember(stmt, 'Principal')) return principalElementMatches(member(stmt, 'Principal'), req.principal);
  if (hasMember(stmt, 'NotPrincipal')) return !principalElementMatches(member(stmt, 'NotPrincipal'), req.principal);
  return false;
}

// ---- Conditions --------------------------------------------------------------------------------------

const BASES = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

function number(s: string): number | undefined {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function date(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function ipv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((x) => x <= 255) ? parts.reduce((a, b) => a * 256 + b, 0) : undefined;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  if (a === undefined || b === undefined) return ip.toLowerCase() === cidr.toLowerCase();
  const n = bits === undefined ? 32 : Number(bits);
  if (!(n >= 0 && n <= 32)) return false;
  const size = 2 ** (32 - n);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** Whether one request value satisfies the positive form of the operator against one policy value. */
function compare(base: string, requestValue: string, policyValue: string): boolean {
  const positive = base.replace('Not', '');
  switch (positive) {
    case 'StringEquals':
      return requestValue === policyValue && !policyValue.includes(NO_VALUE);
    case 'StringEqualsIgnoreCase':
      return requestValue.toLowerCase() === policyValue.toLowerCase() && !policyValue.includes(NO_VALUE);
    case 'StringLike':
    case 'ArnEquals':
    case 'ArnLike':
      return globMatch(policyValue, requestValue, false);
    case 'BinaryEquals':
      return requestValue === policyValue;
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'IpAddress':
      return inCidr(requestValue, policyValue);
    default: {
      const numeric = positive.startsWith('Numeric');
      const read = numeric ? number : date;
      const a = read(requestValue);
      const b = read(policyValue);
      if (a === undefined || b === undefined) return false;
      const op = positive.replace(/^(Numeric|Date)/, '');
      return op === 'Equals' ? a === b : op === 'LessThan' ? a < b : op === 'LessThanEquals' ? a <= b : op === 'GreaterThan' ? a > b : op === 'GreaterThanEquals' ? a >= b : false;
    }
  }
}

/** One key under one operator. Undefined when IAM cannot evaluate the operator. */
function entryHolds(operator: string, key: string, value: Json, req: Request, variables: boolean): boolean | undefined {
  let rest = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  const m = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (m) {
    set = m[1] as typeof set;
    rest = rest.slice(m[0].length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASES.has(rest) || (rest === 'Null' && (ifExists || set))) return undefined;
  const policyValues = texts(value).map((v) => (v === undefined ? NO_VALUE : substitute(v, req, variables)));
  const requestValues = req.context[substitute(key, req, variables).toLowerCase()];
  const present = requestValues !== undefined && requestValues.length > 0;
  if (rest === 'Null') return policyValues.some((v) => (v.toLowerCase() === 'true' ? !present : present));
  const negated = /Not/.test(rest);
  /** The operator, with the policy's values ORed (NORed for a negated operator), on one request value. */
  const holds = (rv: string) => {
    const any = policyValues.some((pv) => compare(rest, rv, pv));
    return negated ? !any : any;
  };
  if (set === 'ForAllValues') return !present || requestValues.every(holds);
  if (set === 'ForAnyValue') return present && requestValues.some(holds);
  if (!present) return ifExists || negated;
  return requestValues.some(holds);
}

function conditionHolds(stmt: Record<string, Json>, req: Request, variables: boolean): boolean {
  if (!hasMember(stmt, 'Condition')) return true;
  const cond = member(stmt, 'Condition');
  if (!isObject(cond)) return false;
  for (const [operator, block] of Object.entries(cond)) {
    if (!isObject(block)) return false;
    for (const [key, value] of Object.entries(block)) {
      const r = entryHolds(operator, key, value, req, variables);
      if (r !== true) return false;
    }
  }
  return true;
}

// ---- Evaluation --------------------------------------------------------------------------------------

export function statementApplies(stmt: Record<string, Json>, req: Request, kind: Kind, variables: boolean): boolean {
  return actionMatches(stmt, req.action) && resourceMatches(stmt, req, kind, variables) && principalMatches(stmt, req, kind) && conditionHolds(stmt, req, variables);
}

export function evaluate(doc: Json, kind: Kind, req: Request): Decision {
  const version = isObject(doc) ? member(doc, 'Version') : undefined;
  const variables = version === '2012-10-17';
  let allowed = false;
  for (const stmt of statementsOf(doc)) {
    const effect = textOf(member(stmt, 'Effect'))?.toLowerCase();
    if (effect !== 'allow' && effect !== 'deny') continue;
    if (!statementApplies(stmt, req, kind, variables)) continue;
    if (effect === 'deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'none';
}
