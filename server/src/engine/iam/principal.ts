// The Principal element: `"*"`, or an object of principal types (`AWS`, `Service`, `Federated`,
// `CanonicalUser`), each a string or a list.
import type { JsonNode } from '../json';
import { keyText, properties, valueOf } from '../json';
import { valueItems, type ValueItem } from '../model';
import { parseArn } from './arn';

export interface PrincipalSet {
  /** `"Principal": "*"` */
  star: JsonNode | undefined;
  aws: ValueItem[];
  service: ValueItem[];
  federated: ValueItem[];
  canonicalUser: ValueItem[];
  /** Type keys that are none of the above. */
  unknownTypes: JsonNode[];
}

export function principalsOf(node: JsonNode | undefined): PrincipalSet {
  const set: PrincipalSet = { star: undefined, aws: [], service: [], federated: [], canonicalUser: [], unknownTypes: [] };
  if (!node) return set;
  if (node.type === 'string') {
    if (node.value === '*') set.star = node;
    return set;
  }
  for (const p of properties(node)) {
    const items = valueItems(valueOf(p));
    switch (keyText(p)) {
      case 'AWS': set.aws.push(...items); break;
      case 'Service': set.service.push(...items); break;
      case 'Federated': set.federated.push(...items); break;
      case 'CanonicalUser': set.canonicalUser.push(...items); break;
      default: set.unknownTypes.push(p);
    }
  }
  return set;
}

export function isSamlProvider(text: string): boolean {
  const arn = parseArn(text);
  return arn !== undefined && arn.service.toLowerCase() === 'iam' && /^saml-provider\//i.test(arn.resource);
}

/** The assume action that fits a statement's principals. */
export function fittingAssumeAction(set: PrincipalSet): 'sts:AssumeRole' | 'sts:AssumeRoleWithSAML' | 'sts:AssumeRoleWithWebIdentity' {
  const fed = set.federated.map((f) => f.text ?? '');
  if (fed.length && fed.every(isSamlProvider)) return 'sts:AssumeRoleWithSAML';
  if (fed.length && set.aws.length === 0 && set.service.length === 0) return 'sts:AssumeRoleWithWebIdentity';
  return 'sts:AssumeRole';
}
