// Sample requests for a policy document, and the comparison the fix-widening test makes: the requests a
// document allowed before a change and after it. Samples come from the documents themselves (each action,
// ARN, principal and condition value, wildcards filled in) and from a few fixed ones (the two gates, a role
// ARN, two service principals), so that what a change adds to a document is also asked about.
import { expandActionNames } from '../../server/src/engine/iam/actions';
import { isMultiValued, resolveConditionKey } from '../../server/src/engine/iam/condition-keys';
import { iamData } from '../../server/src/engine/iam/data';
import { evaluate, statementsOf, texts, type Kind, type Principal, type Request } from './evaluator';

const GATE_ACTIONS = ['iam:PassRole', 'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];
const OTHER_ACTIONS = ['iam:ListRoles', 'lambda:CreateFunction', 'ec2:RunInstances', 's3:GetObject'];
const ROLES = ['arn:aws:iam::111122223333:role/zz-admin', 'arn:aws:iam::111122223333:role/service-role/zz-app', 'arn:aws:s3:::zz-bucket/zz'];
const SERVICES = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'zz.amazonaws.com'];
const PRINCIPALS: Principal[] = [
  { type: 'AWS', id: 'arn:aws:iam::999988887777:user/zz-anyone' },
  { type: 'Service', id: 'lambda.amazonaws.com' },
  { type: 'Service', id: 'ec2.amazonaws.com' },
  { type: 'Federated', id: 'arn:aws:iam::111122223333:saml-provider/zz' },
];
const PASSED_TO_SERVICE = 'iam:passedtoservice';
const VARIABLE_VALUE = 'zq-var';
const LIMIT = { actions: 40, resources: 24, principals: 24, contexts: 64 };

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entriesOf(obj: Json): [string, Json][] {
  return isObject(obj) ? Object.entries(obj) : [];
}

function memberCI(obj: Record<string, Json>, name: string): Json {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** A value a pattern matches: wildcards filled in, policy variables given the sample variable value. */
export function concretize(pattern: string): string {
  return pattern.replace(/\$\{([^}:]*:[^}]*)\}/g, (w, name: string) => (name.includes('::') ? w : VARIABLE_VALUE)).replace(/\*/g, 'zz').replace(/\?/g, 'z');
}

function canonicalType(type: string): Principal['type'] | undefined {
  return (['AWS', 'Service', 'Federated', 'CanonicalUser'] as const).find((t) => t.toLowerCase() === type.toLowerCase());
}

function principalSamples(type: Principal['type'], value: string): Principal[] {
  if (type !== 'AWS') return [{ type, id: concretize(value) }];
  if (value === '*') return [{ type, id: 'arn:aws:iam::999988887777:user/zz-anyone' }];
  const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]*:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account) return [{ type, id: `arn:aws:iam::${account}:root` }, { type, id: `arn:aws:iam::${account}:role/zz-someone` }];
  const id = concretize(value);
  const role = /^arn:([^:]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(id);
  return role ? [{ type, id }, { type, id: `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/zz-session` }] : [{ type, id }];
}

/** Every condition key of the documents (lower case) with sample values taken from what they are compared to. */
function conditionSamples(docs: readonly Json[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const add = (key: string, v: string) => {
    const k = key.toLowerCase();
    if (!keys.has(k)) keys.set(k, new Set());
    keys.get(k)!.add(v);
  };
  for (const doc of docs) {
    for (const stmt of statementsOf(doc)) {
      for (const [operator, block] of entriesOf(memberCI(stmt, 'Condition'))) {
        for (const [key, value] of entriesOf(block)) {
          // Variables in values are keys of the request too.
          for (const t of texts(value)) {
            if (t === undefined) continue;
            for (const m of t.matchAll(/\$\{([^}:]*:[^}]*)\}/g)) if (!m[1]!.includes('::')) add(m[1]!.split(',')[0]!, VARIABLE_VALUE);
            if (/Null$/.test(operator)) continue;
            if (/IpAddress/.test(operator)) add(key, t.split('/')[0]!);
            else if (/^(?:ForAnyValue:|ForAllValues:)?(Numeric)/.test(operator) && Number.isFinite(Number(t))) for (const d of [0, 1, -1]) add(key, String(Number(t) + d));
            else add(key, concretize(t));
          }
          add(key, /Bool/.test(operator) ? 'false' : 'zz-other');
          if (/Bool/.test(operator)) add(key, 'true');
        }
      }
      for (const el of ['Resource', 'NotResource']) {
        for (const t of texts(memberCI(stmt, el))) for (const m of (t ?? '').matchAll(/\$\{([^}:]*:[^}]*)\}/g)) if (!m[1]!.includes('::')) add(m[1]!.split(',')[0]!, VARIABLE_VALUE);
      }
    }
  }
  return keys;
}

/** Whether a request can carry several values of the key: the data says it is multivalued, or does not know it. */
function mayHaveSeveralValues(key: string): boolean {
  const resolved = resolveConditionKey(key, iamData());
  return !resolved?.info || isMultiValued(resolved.info);
}

/** Contexts: none of the keys; each key alone with each of its values; all keys with their first values, and
 *  that with one key changed; the first two values of each key that can have several together. */
function contexts(keys: Map<string, Set<string>>): Record<string, string[]>[] {
  const out: Record<string, string[]>[] = [{}];
  const list = [...keys.entries()].filter(([k]) => k !== PASSED_TO_SERVICE).map(([k, vs]) => [k, [...vs]] as const);
  for (const [k, vs] of list) for (const v of vs) out.push({ [k]: [v] });
  const first: Record<string, string[]> = Object.fromEntries(list.map(([k, vs]) => [k, [vs[0]!]]));
  if (list.length > 1) {
    out.push(first);
    for (const [k, vs] of list) {
      for (const v of vs.slice(1)) out.push({ ...first, [k]: [v] });
      const without = { ...first };
      delete without[k];
      out.push(without);
    }
  }
  for (const [k, vs] of list) if (vs.length > 1 && mayHaveSeveralValues(k)) out.push({ [k]: vs.slice(0, 2) });
  return out.slice(0, LIMIT.contexts);
}

function actionSamples(docs: readonly Json[]): string[] {
  const out = new Set<string>([...GATE_ACTIONS, ...OTHER_ACTIONS]);
  for (const doc of docs) {
    for (const stmt of statementsOf(doc)) {
      for (const el of ['Action', 'NotAction']) {
        for (const t of texts(memberCI(stmt, el))) {
          if (t === undefined || t === '*') continue;
          if (!/[*?]/.test(t)) {
            out.add(t);
            continue;
          }
          if (/[*?]/.test(t.split(':')[0] ?? '')) continue;
          const names = expandActionNames(t, iamData());
          for (const n of [names[0], names[Math.floor(names.length / 2)], names[names.length - 1]]) if (n) out.add(n);
        }
      }
    }
  }
  return [...out].slice(0, LIMIT.actions);
}

function resourceSamples(docs: readonly Json[]): string[] {
  const out = new Set<string>(ROLES);
  for (const doc of docs) for (const stmt of statementsOf(doc)) for (const el of ['Resource', 'NotResource']) for (const t of texts(memberCI(stmt, el))) if (t !== undefined && t !== '*') out.add(concretize(t));
  return [...out].slice(0, LIMIT.resources);
}

function principalSamplesOf(docs: readonly Json[]): Principal[] {
  const out = new Map<string, Principal>(PRINCIPALS.map((p) => [`${p.type} ${p.id}`, p]));
  for (const doc of docs) {
    for (const stmt of statementsOf(doc)) {
      for (const el of ['Principal', 'NotPrincipal']) {
        for (const [type, v] of entriesOf(memberCI(stmt, el))) {
          const t = canonicalType(type);
          if (!t) continue;
          for (const x of texts(v)) if (x !== undefined) for (const p of principalSamples(t, x)) out.set(`${p.type} ${p.id}`, p);
        }
      }
    }
  }
  return [...out.values()].slice(0, LIMIT.principals);
}

/** The sample requests for documents of one kind (before and after a change: both are read for samples). */
export function sampleRequests(docs: readonly Json[], kind: Kind): Request[] {
  const keys = conditionSamples(docs);
  const services = [...new Set([...(keys.get(PASSED_TO_SERVICE) ?? []), ...SERVICES])].filter((s) => s !== 'zz-other');
  const ctxs = contexts(keys);
  const actions = actionSamples(docs);
  const resources: (string | undefined)[] = kind === 'trust' ? [undefined] : resourceSamples(docs);
  const principals: (Principal | undefined)[] = kind === 'identity' ? [undefined] : principalSamplesOf(docs);
  const out: Request[] = [];
  for (const action of actions) {
    // iam:PassedToService is in every PassRole request and in no other.
    const withService = action.toLowerCase() === 'iam:passrole' ? ctxs.flatMap((c) => services.map((s) => ({ ...c, [PASSED_TO_SERVICE]: [s] }))) : ctxs;
    for (const resource of resources) {
      for (const principal of principals) {
        for (const context of withService) {
          const r: Request = { action, context };
          if (resource !== undefined) r.resource = resource;
          if (principal !== undefined) r.principal = principal;
          out.push(r);
        }
      }
    }
  }
  return out;
}

/** The statements one document has and the other has not (as written): what a change touched. */
function changedStatements(before: Json, after: Json): Json {
  const a = statementsOf(before).map((s) => JSON.stringify(s));
  const b = statementsOf(after).map((s) => JSON.stringify(s));
  const only = [...a.filter((s) => !b.includes(s)), ...b.filter((s) => !a.includes(s))];
  const version = isObject(after) ? memberCI(after, 'Version') : undefined;
  return { Version: version, Statement: only.map((s) => JSON.parse(s) as Json) };
}

/**
 * Requests the document allows after the change that it did not allow before. Only requests a changed
 * statement can match can change their answer, so samples come from the changed statements (and the fixed
 * samples); each request is still evaluated against the whole document, Deny statements included.
 */
export function grownAllows(before: Json, after: Json, kind: Kind): Request[] {
  const grown: Request[] = [];
  for (const r of sampleRequests([changedStatements(before, after)], kind)) {
    if (evaluate(after, kind, r) === 'allow' && evaluate(before, kind, r) !== 'allow') grown.push(r);
  }
  return grown;
}

export function describe(r: Request): string {
  const ctx = Object.entries(r.context).map(([k, v]) => `${k}=${v.join('|')}`);
  return [r.action, r.resource, r.principal ? `${r.principal.type}:${r.principal.id}` : undefined, ...ctx].filter((x) => x !== undefined).join(' ');
}
