// Finding the role a reference names: in the same file first (a logical id, a RoleName written out), then in
// the rest of the workspace (an export, a role of that name in another template, a trust-policy file named
// after the role). What cannot be found for certain is `unknown`, and nothing is reported on it.
import type { Analysis } from '../analyze';
import type { Span } from '../types';
import type { LocalFacts, LocalProfile, LocalRole } from './facts';
import { isNestedStackType } from './nested-stacks';
import type { RoleRef } from './refs';

/** A trust policy in another file, as the workspace index keeps it. */
export interface RemoteTrust {
  services: { text: string; span?: Span }[];
  everyone: boolean;
  denied: string[];
  others?: string[];
  /** An Allow statement cannot be read whole (facts.ts `TrustFacts.unknown`): any service may be trusted. */
  unknown?: true;
  /** Where the trust policy is (its property key in a template, the document in a trust-policy file). */
  anchor: Span;
}

/** A role defined in another file. */
export interface RemoteRole {
  file: string;
  key: string;
  kind: LocalRole['kind'];
  name?: string;
  span: Span;
  trust?: RemoteTrust;
  /** Its trust policy is text no fix edits (a plan's, a JSON string's in a `.tf.json` file). */
  readOnly?: true;
}

/** A hand-off or a PassRole grant in another file that names a role of this one. */
export interface RemoteUse {
  file: string;
  kind: 'handoff' | 'grant';
  /** The value that names the role. */
  span: Span;
  /** `MyFunction.Role`, or the policy's location. */
  label: string;
  /** The principals it hands the role to (a hand-off), or may pass it to (a grant's iam:PassedToService). */
  principals: string[];
  /** The role's key in the file it is defined in. */
  roleKey: string;
}

/** The rest of the workspace, as the rules may ask of it. Pure: the server and the CLI implement it. */
export interface WorkspaceView {
  /** The role an export of this name yields, defined in another file. */
  exportedRole(name: string, fromFile: string | undefined): RemoteRole | undefined;
  /** A role of another file with this name (its RoleName, a trust-policy file's name, the roles setting). */
  roleNamed(name: string, fromFile: string | undefined): RemoteRole | undefined;
  /** A Terraform role (`aws_iam_role.NAME`) defined in another file of the same module (folder). */
  moduleRole(address: string, fromFile: string | undefined): RemoteRole | undefined;
  /** Hand-offs and grants in other files that name a role of `file`. */
  usesOf(file: string): readonly RemoteUse[];
  /** Another file, read and analysed, for a fix that edits it. */
  analysisOf(file: string): Analysis | undefined;
  /**
   * The role a reference names through a link between files (roles/links.ts): a template parameter, a nested
   * stack's output, a module's variable or output. None when it names none for certain.
   */
  linkedRole?(ref: RoleRef, fromFile: string | undefined): RemoteRole | undefined;
  /** A Terraform role of `file` whose trust policy is a JSON file: the role as that file holds it. */
  trustFileRole?(file: string | undefined, key: string): RemoteRole | undefined;
  /** The Terraform roles that read `file` as their trust policy (their keys). */
  trustFileRoles?(file: string): { key: string; name?: string }[];
}

export type RoleTarget = { where: 'local'; role: LocalRole } | { where: 'remote'; role: RemoteRole };

export type Resolved =
  | { type: 'role'; target: RoleTarget }
  | { type: 'profile'; profile: LocalProfile; roles: RoleTarget[] }
  /** A resource of the template that is neither a role nor an instance profile. */
  | { type: 'other'; resourceType: string }
  | { type: 'unknown' };

const UNKNOWN: Resolved = { type: 'unknown' };

function byName(name: string, facts: LocalFacts, analysis: Analysis): RoleTarget | undefined {
  const role = facts.byName.get(name);
  if (role) return { where: 'local', role };
  const remote = analysis.options.workspace?.roleNamed(name, analysis.options.fileName);
  return remote ? { where: 'remote', role: remote } : undefined;
}

/** The role (or instance profile and its roles) a reference names. */
export function resolveRef(ref: RoleRef, facts: LocalFacts, analysis: Analysis, depth = 0): Resolved {
  switch (ref.kind) {
    case 'local': {
      const role = facts.roles.get(ref.id);
      if (role) {
        // Its trust policy is a file of its module: that file holds the role for the checks and the fixes.
        const held = role.trustFile ? analysis.options.workspace?.trustFileRole?.(analysis.options.fileName, role.key) : undefined;
        return { type: 'role', target: held ? { where: 'remote', role: held } : { where: 'local', role } };
      }
      const profile = facts.profiles.get(ref.id);
      if (profile && depth === 0) {
        const roles: RoleTarget[] = [];
        for (const r of profile.roles) {
          const inner = resolveRef(r.ref, facts, analysis, depth + 1);
          if (inner.type === 'role') roles.push(inner.target);
        }
        return { type: 'profile', profile, roles };
      }
      const type = facts.types.get(ref.id);
      const output = isNestedStackType(type) && ref.attribute.startsWith('Outputs.');
      if (type && !output) return { type: 'other', resourceType: type };
      // Terraform: every .tf file of a folder is one module. Else a link: a parameter, a nested stack's
      // output, a module's variable or output.
      const ws = analysis.options.workspace;
      const remote = ref.id.startsWith('aws_iam_role.') ? ws?.moduleRole(ref.id, analysis.options.fileName) : ws?.linkedRole?.(ref, analysis.options.fileName);
      return remote ? { type: 'role', target: { where: 'remote', role: remote } } : UNKNOWN;
    }
    case 'import': {
      const local = facts.exports.get(ref.name);
      if (local && depth === 0) return resolveRef(local.ref, facts, analysis, depth + 1);
      const remote = analysis.options.workspace?.exportedRole(ref.name, analysis.options.fileName);
      return remote ? { type: 'role', target: { where: 'remote', role: remote } } : UNKNOWN;
    }
    case 'arn': {
      if (ref.type !== 'role') return UNKNOWN;
      const target = byName(ref.name, facts, analysis);
      return target ? { type: 'role', target } : UNKNOWN;
    }
    case 'name': {
      const target = byName(ref.name, facts, analysis);
      return target ? { type: 'role', target } : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** The roles a resolved reference ends at (an instance profile's roles, for a profile). */
export function targetsOf(r: Resolved): RoleTarget[] {
  return r.type === 'role' ? [r.target] : r.type === 'profile' ? r.roles : [];
}

/** A role's display name: its RoleName, else its logical id. */
export function roleLabel(t: RoleTarget): string {
  return t.role.name ?? t.role.key;
}
