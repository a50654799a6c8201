// ARN parsing that keeps policy variables (`${aws:username}`) and CloudFormation references
// (`${AWS::AccountId}`) whole, although they contain colons.
import { canMatchWithPrefix, wildcardMatch } from './wildcard';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon (`role/path/Name`). */
  resource: string;
}

/** Splits on colons outside `${…}`; undefined when the text is not an ARN with six fields. */
export function parseArn(text: string): Arn | undefined {
  if (!/^arn:/i.test(text)) return undefined;
  // Fields are slices of the text between the first five colons outside `${…}` (not built character by
  // character: every Resource value of every statement comes through here).
  const fields: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length && fields.length < 5; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) {
      depth++;
      i++;
    } else if (ch === 0x7d /* } */ && depth > 0) depth--;
    else if (ch === 0x3a /* : */ && depth === 0) {
      fields.push(text.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(text.slice(start));
  if (fields.length !== 6) return undefined;
  const [, partition, service, region, account, resource] = fields as [string, string, string, string, string, string];
  return { partition, service, region, account, resource };
}

const PROBE_NAMES = ['role/zq-probe-7x', 'role/a/b/zq-probe-9y'];

/** Whether a Resource value matches every role (of an account or of all): `*`, `arn:aws:iam::*:role/*`. */
export function matchesEveryRole(text: string): boolean {
  if (text === '*') return true;
  const arn = parseArn(text);
  if (!arn) return false;
  // ARN service and resource parts are case-sensitive: `ROLE/*` names no role.
  if (!wildcardMatch(arn.service, 'iam', false)) return false;
  return PROBE_NAMES.every((n) => wildcardMatch(arn.resource, n, false));
}

/**
 * A role ARN pattern with a wildcard inside the role's name or path (`role/*-admin`, `role/app-*-prod`,
 * `role/*\/deploy`, `role/ops-?`): a set of roles the author did not name, which grows with every role whose
 * name happens to fit. One trailing `*` after a written prefix (`role/app-*`, `role/service-role/*`) is not: the
 * author chose the prefix. Patterns that match every role are `matchesEveryRole`'s; policy variables and
 * template references (`${aws:username}`, `${Env}`) are values, not wildcards.
 */
export function hasInnerRoleWildcard(text: string): boolean {
  const arn = parseArn(text);
  if (!arn || !wildcardMatch(arn.service, 'iam', false) || matchesEveryRole(text)) return false;
  const resource = arn.resource.replace(/\$\{[^}]*\}/g, 'v');
  if (!resource.startsWith('role/')) return false;
  const name = resource.slice('role/'.length);
  const body = name.endsWith('*') ? name.slice(0, -1) : name;
  return /[*?]/.test(body);
}

export type RoleArnVerdict = 'role' | 'instance-profile' | 'not-role' | 'unknown';

/** Whether a Resource value can name an IAM role. Variables make the answer `unknown`, not wrong. */
export function roleArnVerdict(text: string): RoleArnVerdict {
  if (text === '*') return 'role';
  const arn = parseArn(text);
  if (!arn) return text.startsWith('${') ? 'unknown' : 'not-role';
  if (arn.service.includes('${')) return 'unknown';
  if (!wildcardMatch(arn.service, 'iam', false)) return 'not-role';
  if (arn.resource.startsWith('${')) return 'unknown';
  if (canMatchWithPrefix(arn.resource, 'role/', false)) return 'role';
  if (/^instance-profile\//.test(arn.resource)) return 'instance-profile';
  return 'not-role';
}

/** `arn:aws:iam::1:instance-profile/p/Name` → `arn:aws:iam::1:role/p/Name`. */
export function instanceProfileToRole(text: string): string {
  return text.replace(/:instance-profile\//i, ':role/');
}
