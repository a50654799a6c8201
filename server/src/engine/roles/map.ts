// The role map as places (a path and a 0-based line/character range) instead of offsets: what the CLI's
// `graph` prints and the language server's role map request answers. Pure.
import type { Span } from '../types';
import type { RoleMapEntry } from '../workspace';

/** Line and character, 0-based (UTF-16 code units, as LSP counts). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where something is: a path as reported and a 0-based range. */
export interface Place {
  path: string;
  range: Range;
}

/** A hand-off of the role to a service. */
export interface MapHandoff extends Place {
  /** `MyFunction.Role`: the resource and property that hand the role over. */
  label: string;
  /** The service principals that then assume the role (any one of them trusted is enough). */
  principals: string[];
  /** Whether the role's trust policy trusts one of them (true when the trust policy is not seen). */
  trusted: boolean;
}

/** A PassRole grant that covers the role. */
export interface MapGrant extends Place {
  /** The policy's place: `Deployer.Properties.PolicyDocument` in a template, `iam:PassRole` in a policy file. */
  label: string;
  /** The services `iam:PassedToService` lets it be passed to; empty when any service. */
  passedToService: string[];
  anyService: boolean;
  /** Whether the role trusts one of those services (true for any service, or when the trust policy is not seen). */
  trusted: boolean;
}

export interface MapRole extends Place {
  /** Its name: `RoleName`, the role a trust-policy file stands for, else the logical id. */
  name: string;
  /** The logical id in its template; the role's name for a trust-policy file. */
  id: string;
  /** `cloudformation`: an `AWS::IAM::Role`; `sam`: the role SAM creates for a function; `trust-policy-file`; `terraform`: an `aws_iam_role`. */
  source: 'cloudformation' | 'sam' | 'trust-policy-file' | 'terraform' | 'terraform-plan';
  /** Whether its trust policy could be read (not when it is built from parameters or conditions). */
  trustPolicySeen: boolean;
  /** Some of its trust policy is known only at plan time (a Terraform variable, a `dynamic` block): any service may be trusted. */
  trustUnknown?: true;
  /** The service principals its trust policy lets assume it; `*` for everyone. */
  assumedBy: string[];
  handedTo: MapHandoff[];
  passedBy: MapGrant[];
}

const SOURCE = { cfn: 'cloudformation', sam: 'sam', 'trust-file': 'trust-policy-file', terraform: 'terraform', plan: 'terraform-plan' } as const;

/** The role map with places as paths and ranges. */
export function mapOf(entries: readonly RoleMapEntry[], positionAt: (file: string, offset: number) => Position | undefined): MapRole[] {
  const zero: Position = { line: 0, character: 0 };
  const place = (file: string, span: Span): Place => {
    const start = positionAt(file, span.offset) ?? zero;
    return { path: file, range: { start, end: positionAt(file, span.offset + span.length) ?? start } };
  };
  return entries.map((e) => ({
    name: e.role.name ?? e.role.key,
    id: e.role.key,
    source: SOURCE[e.role.kind],
    ...place(e.role.file, e.role.span),
    trustPolicySeen: e.role.trust !== undefined,
    ...(e.role.trust?.unknown ? { trustUnknown: true as const } : {}),
    assumedBy: e.assumedBy,
    handedTo: e.handedTo.map((u) => ({ label: u.label, principals: u.principals, ...place(u.file, u.span), trusted: u.trusted })),
    passedBy: e.passedBy.map((u) => ({ label: u.label, passedToService: u.principals, anyService: u.principals.length === 0, ...place(u.file, u.span), trusted: u.trusted })),
  }));
}

