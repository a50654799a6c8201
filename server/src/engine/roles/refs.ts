// What a value that should name a role (or an instance profile) refers to: a resource of the same template
// (`!GetAtt Role.Arn`, `!Ref Role`, `!Sub arn:…:role/${Role}`), another template's export
// (`!ImportValue shared-role-arn`), or a role by name (an ARN or a name written out). Values that depend on
// parameters, conditions or mappings are `unknown`: never guessed at.
import { parseArn } from '../iam/arn';
import { hasWildcard } from '../iam/wildcard';
import type { JsonNode } from '../json';
import { keyText, properties, stringOf, valueOf } from '../json';
import { isIntrinsic, resolveText } from '../model';
import { moduleRefOf } from './tf-modules';

export type RoleRef =
  /**
   * A resource of the same template: `attribute` is the `Fn::GetAtt` attribute, or `Ref`. `inArn`: the Ref is
   * the name inside an ARN written around it (`arn:…:role/${Role}`), so the whole value is that ARN.
   */
  | { kind: 'local'; id: string; attribute: string; inArn?: 'role' | 'instance-profile' }
  /** `Fn::ImportValue` of an export name. */
  | { kind: 'import'; name: string }
  /** An ARN written out: a role (or instance profile) by name, with its path. */
  | { kind: 'arn'; type: 'role' | 'instance-profile' | 'other'; name: string; path: string }
  /** A name written out (what a property that takes a role name gets). */
  | { kind: 'name'; name: string }
  | { kind: 'unknown' };

const UNKNOWN: RoleRef = { kind: 'unknown' };

/** A `${Name}` or `${Name.Attr}` reference that makes up a whole field. */
function subRef(text: string): { id: string; attribute: string } | undefined {
  const m = /^\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9]+))?\}$/.exec(text);
  if (!m || m[1]!.startsWith('AWS')) return undefined;
  return { id: m[1]!, attribute: m[2] ?? 'Ref' };
}

/**
 * A Terraform reference to a resource's attribute: `${aws_iam_role.deployer.arn}`, or of one of its instances
 * (`${aws_iam_role.deployer[0].arn}`: every instance is written by the same block). Data sources are outside.
 */
function terraformRef(text: string): RoleRef | undefined {
  const m = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?\.([a-z_]+)\}$/.exec(text);
  if (!m || m[1] === 'data' || m[1] === 'var' || m[1] === 'local' || m[1] === 'module') return undefined;
  return { kind: 'local', id: `${m[1]}.${m[2]}`, attribute: m[3] === 'arn' ? 'Arn' : m[3] === 'name' || m[3] === 'id' ? 'Ref' : m[3]! };
}

function fromText(text: string): RoleRef {
  const whole = subRef(text);
  if (whole) return { kind: 'local', ...whole };
  const tf = terraformRef(text) ?? moduleRefOf(text);
  if (tf) return tf;
  if (/^arn:/i.test(text)) {
    const arn = parseArn(text);
    if (!arn || arn.service.toLowerCase() !== 'iam') return { kind: 'arn', type: 'other', name: '', path: '' };
    const m = /^(role|instance-profile)(\/.*\/|\/)([^/]+)$/.exec(arn.resource);
    if (!m) return { kind: 'arn', type: 'other', name: '', path: '' };
    const ref = subRef(m[3]!);
    // `arn:…:role/${Role}`: the role's name is its Ref.
    if (ref && ref.attribute === 'Ref' && m[2] === '/') return { kind: 'local', id: ref.id, attribute: 'Ref', inArn: m[1] as 'role' | 'instance-profile' };
    if (m[3]!.includes('${') || hasWildcard(m[3]!)) return UNKNOWN;
    return { kind: 'arn', type: m[1] as 'role' | 'instance-profile', name: m[3]!, path: m[2]! };
  }
  if (text.includes('${') || text === '' || hasWildcard(text)) return UNKNOWN;
  return { kind: 'name', name: text };
}

/** What a value node refers to. */
export function roleRefOf(node: JsonNode | undefined): RoleRef {
  if (!node) return UNKNOWN;
  if (node.type === 'string') return fromText(String(node.value));
  if (!isIntrinsic(node)) return UNKNOWN;
  const p = properties(node)[0]!;
  const fn = keyText(p);
  const arg = valueOf(p);
  switch (fn) {
    case 'Ref': {
      const id = stringOf(arg);
      return id && !id.startsWith('AWS::') ? { kind: 'local', id, attribute: 'Ref' } : UNKNOWN;
    }
    case 'Fn::GetAtt': {
      // `Child.Outputs.RoleArn`: a nested stack's output is everything after the first dot.
      const dotted = stringOf(arg) ?? '';
      const [a, b] = arg?.type === 'array' ? (arg.children ?? []).map((c) => stringOf(c)) : dotted.includes('.') ? [dotted.slice(0, dotted.indexOf('.')), dotted.slice(dotted.indexOf('.') + 1)] : [dotted];
      return a && b ? { kind: 'local', id: a, attribute: b } : UNKNOWN;
    }
    case 'Fn::ImportValue': {
      const name = stringOf(arg);
      return name && !name.includes('${') ? { kind: 'import', name } : UNKNOWN;
    }
    case 'Fn::Sub':
    case 'Fn::Join': {
      const text = resolveText(node);
      return text === undefined ? UNKNOWN : fromText(text);
    }
    default:
      return UNKNOWN;
  }
}

/** The role name a reference carries when it names one outright (an ARN or a name). */
export function refName(ref: RoleRef): string | undefined {
  return ref.kind === 'arn' || ref.kind === 'name' ? ref.name : undefined;
}
