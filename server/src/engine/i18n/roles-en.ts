// English messages of the roles area: hand-offs of a role to a service, and the links between a role's
// trust policy, its hand-offs and its PassRole grants across files. Same shape in roles-ja.ts.
const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join(', ');
const where = (file: string | undefined) => (file ? ` (${file})` : '');

export const rolesEn = {
  handoffTrustMismatch: (role: string, principals: readonly string[], label: string, trusted: readonly string[]) =>
    `${c(label)} hands role ${c(role)} to ${list(principals)}, but the role's trust policy does not trust ${principals.length > 1 ? 'any of them' : 'it'}${trusted.length ? ` (it trusts ${list(trusted)})` : ''}: the service cannot assume the role, so the deployment or the service fails ("cannot be assumed by" the service).`,
  handoffTrustMismatchInfo: (role: string, principals: readonly string[], label: string, file: string | undefined) =>
    `Role ${c(role)} is handed to ${list(principals)} by ${c(label)}${where(file)}, which this trust policy does not trust.`,
  handoffTrustRelated: (role: string) => `The trust policy of ${c(role)}.`,
  handoffRelated: (label: string) => `${label} hands the role over here.`,
  passRoleTrustMismatchInfo: (role: string, services: readonly string[], label: string, file: string | undefined) =>
    `Role ${c(role)} may be passed to ${list(services)} by ${c(label)}${where(file)}, which this trust policy does not trust.`,
  grantRelated: 'iam:PassRole on this role, with iam:PassedToService.',
  refNameForArn: (id: string, property: string) => `${c('Ref ' + id)} gives the role's name, but ${c(property)} takes its ARN: use ${c(`Fn::GetAtt ${id}.Arn`)}.`,
  refArnForName: (id: string, property: string) => `${c(property)} takes the role's name, and this is its ARN: use ${c('Ref ' + id)}.`,
  roleForProfile: (id: string, property: string, profile: string | undefined) =>
    `${c(id)} is a role, but ${c(property)} takes an instance profile${profile ? `: instance profile ${c(profile)} holds this role` : ': create an AWS::IAM::InstanceProfile with this role and name it here'}.`,
  profileForRole: (id: string, property: string, role: string | undefined) =>
    `${c(id)} is an instance profile, but ${c(property)} takes a role${role ? `: the profile holds role ${c(role)}` : ''}.`,
  profileRefForArn: (id: string, property: string) => `${c('Ref ' + id)} gives the instance profile's name, but ${c(property)} takes its ARN: use ${c(`Fn::GetAtt ${id}.Arn`)}.`,
  profileArnForName: (id: string, property: string) => `${c(property)} takes the instance profile's name, and this is its ARN: use ${c('Ref ' + id)}.`,
  notARole: (id: string, type: string, property: string) => `${c(id)} is ${c(type)}, not a role: ${c(property)} takes a role.`,
  nameForArn: (name: string, property: string) => `${c(name)} is a role name, but ${c(property)} takes the role's ARN.`,
  profileArnForRole: (property: string) => `This is an instance-profile ARN, but ${c(property)} takes a role ARN.`,
  roleArnForProfile: (property: string) => `This is a role ARN, but ${c(property)} takes an instance profile.`,
  fixUseGetAtt: (id: string) => `Use Fn::GetAtt ${id}.Arn`,
  fixUseRef: (id: string) => `Use Ref ${id}`,
  fixUseProfile: (id: string) => `Use instance profile ${id}`,
  fixUseRole: (id: string) => `Use role ${id}`,
  fixRoleArnFromName: (name: string) => `Write the ARN of role ${name}`,
  // Terraform: the reference as written (`aws_iam_role.app.name`) and the one to use.
  tfNameForArn: (what: 'role' | 'profile', written: string, property: string, use: string) =>
    `${c(written)} is the ${what === 'role' ? "role's" : "instance profile's"} name, but ${c(property)} takes its ARN: use ${c(use)}.`,
  tfArnForName: (what: 'role' | 'profile', written: string, property: string, use: string) =>
    `${c(written)} is the ${what === 'role' ? "role's" : "instance profile's"} ARN, but ${c(property)} takes its name: use ${c(use)}.`,
  tfRoleForProfile: (id: string, property: string, profile: string | undefined) =>
    `${c(id)} is a role, but ${c(property)} takes an instance profile${profile ? `: instance profile ${c(profile)} holds this role` : ': create an aws_iam_instance_profile with this role and name it here'}.`,
  tfNotWhatItTakes: (id: string, type: string, property: string, what: 'role' | 'profile') =>
    `${c(id)} is ${c(type)}, not ${what === 'role' ? 'a role' : 'an instance profile'}: ${c(property)} takes ${what === 'role' ? 'a role' : 'an instance profile'}.`,
  tfOtherArn: (property: string, what: 'role' | 'profile') => `This ARN names no role and no instance profile, but ${c(property)} takes ${what === 'role' ? 'a role' : 'an instance profile'}.`,
  fixUseReference: (expression: string) => `Use ${expression}`,
  fixTrustIn: (role: string, service: string, file: string | undefined) => `Trust ${service} in the trust policy of ${role}${file ? ` (${file})` : ''}`,
};

export type RolesMessages = typeof rolesEn;
