// English messages. Every message is a function so the Japanese catalogue (ja.ts) can order words
// its own way; both are checked against this shape by the compiler. Code never inspects message text.

const code = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(code).join(', ');

export const en = {
  // json-syntax and limits
  jsonError: (what: string) => `Invalid JSON: ${what}.`,
  jsonErrorCodes: {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing brace `}` is expected',
    CloseBracketExpected: 'a closing bracket `]` is expected',
    EndOfFileExpected: 'nothing may follow the top-level value',
    InvalidCommentToken: 'comments are not allowed (IAM rejects them)',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'control characters must be escaped in strings',
  } as Record<string, string>,
  jsonTrailingComma: 'Invalid JSON: trailing comma (IAM rejects it).',
  jsonComment: 'Invalid JSON: comments are not allowed (IAM rejects them).',
  jsonEmpty: 'The document is empty: an IAM policy is a JSON object with `Version` and `Statement`.',
  jsonBinary: 'This is a binary file, not JSON text: it was not analysed.',
  jsonMoreErrors: (n: number) => `…and ${n} more JSON errors.`,
  tooDeep: (depth: number, limit: number, format: string) => `The ${format} is nested more than ${limit} levels deep (${depth}+): IAM policies are a few levels deep, so the document was not analysed.`,
  garbled: (errors: number, limit: number, format: string) => `The ${format} has ${errors.toLocaleString('en-US')} syntax errors (more than ${limit.toLocaleString('en-US')}): the first ones are reported, and the policy content was not analysed.`,
  // hcl-syntax
  hclError: 'Invalid HCL: Terraform cannot read this (an unexpected token, or one missing before it).',
  hclMissing: (token: string) => `Invalid HCL: ${token === '}' || token === ']' || token === ')' ? `a closing \`${token}\`` : `\`${token}\``} is missing here.`,
  hclHeredocUnclosed: (marker: string) => `Invalid HCL: this heredoc is never closed: no line holds only \`${marker}\` after it, so Terraform reads the rest of the file as its text.`,
  hclMoreErrors: (n: number) => `…and ${n} more HCL errors.`,
  hclNotReady: 'The Terraform grammar is not loaded yet: this file was not analysed.',
  // yaml-syntax
  yamlError: (what: string) => `Invalid YAML: ${what}.`,
  yamlMoreErrors: (n: number) => `…and ${n} more YAML errors.`,
  yamlUnknownTag: (tag: string) => `Unknown tag \`${tag}\`: CloudFormation knows only its own short forms (\`!Ref\`, \`!GetAtt\`, \`!Sub\` …) and rejects the template; the value was read as if it had no tag.`,
  yamlDuplicateKey: (name: string) => `\`${name}\` appears twice in this mapping: YAML forbids duplicate keys, and CloudFormation rejects the template.`,
  yamlAliases: (nodes: number) => `The YAML aliases expand to more than ${nodes.toLocaleString('en-US')} nodes (an alias bomb): the document was not analysed.`,
  tooLarge: (size: string, limit: string) => `This document is ${size}, over the ${limit} limit (setting \`iamRoleLens.maxFileSize\`): it was not analysed.`,

  // policy-version
  versionMissing: 'No `Version`: IAM then uses `2008-10-17`, in which policy variables such as `${aws:username}` are plain text. Add `"Version": "2012-10-17"`.',
  versionOld: '`2008-10-17` is the old policy language: policy variables such as `${aws:username}` are not substituted. Use `2012-10-17`.',
  versionInvalid: (v: string) => `\`${v}\` is not a policy language version: IAM accepts only \`2012-10-17\` and \`2008-10-17\`.`,

  // policy-structure
  notAnObject: 'A policy document must be a JSON object.',
  missingStatement: 'The policy has no `Statement`: it grants and denies nothing, and IAM rejects it.',
  statementNotObject: 'Each statement must be a JSON object.',
  emptyStatementList: '`Statement` is empty: IAM rejects a policy without statements.',
  missingEffect: 'The statement has no `Effect`: write `"Effect": "Allow"` or `"Effect": "Deny"`.',
  effectInvalid: (v: string) => `\`Effect\` must be \`Allow\` or \`Deny\`, not \`${v}\`.`,
  missingAction: 'The statement has neither `Action` nor `NotAction`.',
  bothElements: (a: string, b: string) => `A statement may have \`${a}\` or \`${b}\`, not both.`,
  missingResource: 'This statement of a permission policy has neither `Resource` nor `NotResource`: IAM rejects it.',
  unknownElement: (name: string, where: 'root' | 'statement') =>
    where === 'root' ? `\`${name}\` is not a policy element (expected \`Version\`, \`Id\`, \`Statement\`).` : `\`${name}\` is not a statement element (expected \`Sid\`, \`Effect\`, \`Principal\`, \`Action\`, \`Resource\`, \`Condition\` and their \`Not\` forms).`,
  caseElement: (name: string, correct: string) => `\`${name}\` must be written \`${correct}\`: IAM element names are case-sensitive.`,
  duplicateKey: (name: string) => `\`${name}\` appears twice in this object: IAM rejects duplicate keys, and tools disagree on which one wins.`,
  wrongType: (element: string, expected: string) => `\`${element}\` must be ${expected}.`,
  typeStringOrList: 'a string or a list of strings',
  typeString: 'a string',
  typeObject: 'an object',
  typeConditionBlock: 'an object of condition keys',
  typePrincipal: '`"*"` or an object of principal types (`{"AWS": …}`, `{"Service": …}`, `{"Federated": …}`, `{"CanonicalUser": …}`)',
  principalFormat: (element: string, value: string, type: 'AWS' | 'Service' | 'Federated' | undefined) =>
    `\`${element}\` is a string other than \`"*"\`: IAM rejects it. Write the principal under its type${type ? `, here \`{"${type}": "${value}"}\`` : ' (`{"AWS": …}`, `{"Service": …}`, `{"Federated": …}`)'}.`,
  principalEmpty: (element: string) => `\`${element}\` names no principal: the statement applies to nobody. Name the principals, or remove the statement.`,
  principalKeyCase: (name: string, correct: string) => `\`${name}\` must be written \`${correct}\`: principal types are case-sensitive, and IAM rejects the policy.`,
  principalKeyUnknown: (name: string, suggestion: string | undefined) =>
    `\`${name}\` is not a principal type: IAM accepts \`AWS\`, \`Service\`, \`Federated\` and \`CanonicalUser\`, and rejects the policy.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
  principalUniqueId: (value: string, kind: 'role' | 'user') =>
    `${code(value)} is the unique ID of ${kind === 'role' ? 'a role' : 'a user'}, not its ARN. It matches only that very ${kind}: one deleted and created again with the same name gets a new ID and no longer matches. IAM also shows a trusted ${kind} this way once it has been deleted. Write the ARN (\`arn:aws:iam::ACCOUNT:${kind}/NAME\`), or remove the value if the ${kind} is gone.`,
  principalAwsValue: (value: string, service: boolean) =>
    `${code(value)} is not an AWS principal: write an account ID (\`111122223333\`), an ARN (\`arn:aws:iam::111122223333:role/NAME\`) or \`*\`.${service ? ' A service principal goes under `Service`.' : ''}`,
  principalFederatedSyntax: (value: string) =>
    `${code(value)} is not a federated principal IAM accepts: write the ARN of an identity provider (\`arn:aws:iam::111122223333:saml-provider/NAME\`, \`arn:aws:iam::111122223333:oidc-provider/HOST\`, the host without \`https://\`) or a provider's domain name (\`cognito-identity.amazonaws.com\`).`,
  principalFederatedHere: 'A federated principal can only be trusted by a role (in its trust policy): other resource-based policies reject `Federated`.',

  // duplicate-sid
  duplicateSid: (sid: string) => `The \`Sid\` \`${sid}\` is already used by another statement of this policy: IAM rejects duplicates.`,
  duplicateSidFirst: 'First use of this Sid.',

  // identity-policy-principal
  identityPrincipal: (element: string) =>
    `\`${element}\` has no place in an identity-based policy: the policy applies to whoever it is attached to. \`Principal\` belongs in a resource-based policy such as a role's trust policy, which says who may assume the role. Was this meant to be a trust policy?`,

  // PassRole side
  passRoleWildcard: (via: 'explicit' | 'wildcard' | 'notAction', pattern: string) =>
    `${via === 'explicit' ? '`iam:PassRole`' : `\`iam:PassRole\` (through ${code(pattern)})`} is allowed on every role with no \`iam:PassedToService\` condition: the holder can hand any role, including administrator roles, to any service that accepts one.`,
  passRoleNotResource: (how: 'NotResource' | 'NotAction', services: readonly string[]) =>
    (how === 'NotResource'
      ? '`iam:PassRole` is allowed with `NotResource`: every role except the listed ones may be passed, including roles created later'
      : '`NotAction` allows `iam:PassRole` on every role: the statement lets the holder hand any role') + (services.length ? `, to ${list(services)}.` : ', to any service.'),
  passRoleMissingPts: (via: 'explicit' | 'wildcard' | 'notAction', pattern: string) =>
    `${via === 'explicit' ? '`iam:PassRole`' : `\`iam:PassRole\` (through ${code(pattern)})`} has no \`iam:PassedToService\` condition: any service that accepts a role may receive these roles. Name the service the role is meant for.`,
  ptsShared: (key: string, others: readonly string[], exceptPassRole: boolean) =>
    `\`${key}\` exists only in \`iam:PassRole\` requests, so with it this statement never allows ${others.length ? list(others) : 'its other actions'}${exceptPassRole ? ' (other than `iam:PassRole`)' : ''}. Move \`iam:PassRole\` and the condition into a statement of their own.`,
  ptsInvalid: (value: string, reason: 'case' | 'not-a-principal' | 'domain' | 'unknown', suggestion?: string) =>
    `\`${value}\` is not a service principal${
      reason === 'case' ? ' (service principals are lower case and compared case-sensitively)' : reason === 'not-a-principal' ? ' (write the service principal, like `batch.amazonaws.com`)' : reason === 'domain' ? ' (service principals end in `.amazonaws.com`)' : ''
    }: \`iam:PassedToService\` will never equal it.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
  ptsKeyMisspelled: (key: string, suggestion: string) => `\`${key}\` is not a condition key that PassRole requests carry: IAM treats it as absent. Did you mean \`${suggestion}\`?`,
  ptsMismatch: (principal: string, action: string) =>
    `This policy allows \`${action}\`, which needs a role passed to \`${principal}\`, but \`iam:PassedToService\` never names \`${principal}\`: passing the role will be denied unless another policy allows it.`,
  ptsMismatchRelated: (action: string) => `\`${action}\` is allowed here.`,
  passRoleNotRole: (kind: 'instance-profile' | 'not-role', value: string) =>
    kind === 'instance-profile'
      ? `\`${value}\` is an instance profile: \`iam:PassRole\` is checked against the role inside it, so this resource matches no PassRole request. Name the role ARN.`
      : `\`${value}\` is not an IAM role ARN: \`iam:PassRole\` only applies to roles (\`arn:aws:iam::ACCOUNT:role/NAME\`).`,
  passRoleRefName: (logicalId: string) => `\`Ref\` of the role \`${logicalId}\` gives its name, not its ARN: \`iam:PassRole\` needs the ARN. Use \`{"Fn::GetAtt": ["${logicalId}", "Arn"]}\`.`,
  passRoleRefNotRole: (logicalId: string, type: string) => `\`${logicalId}\` is of type \`${type}\`, not an IAM role: \`iam:PassRole\` only applies to roles.`,
  passRoleInTrust: (action: string) =>
    `${code(action)} does not belong in a trust policy. A trust policy says who may assume (become) this role, with \`sts:AssumeRole\`; \`iam:PassRole\` belongs in the identity-based policy of whoever hands the role to a service.`,

  // fixes
  fixAddPts: (principals: readonly string[]) => `Add iam:PassedToService condition: ${principals.join(', ')}`,
  fixAddPtsSplit: (principals: readonly string[]) => `Move iam:PassRole to its own statement with iam:PassedToService: ${principals.join(', ')}`,
  fixAddPtsPlaceholder: (shape: 'condition' | 'split' | 'deny') =>
    ({
      condition: 'Add iam:PassedToService condition (choose the service)',
      split: 'Move iam:PassRole to its own statement with iam:PassedToService (choose the service)',
      deny: 'Add a Deny statement that limits iam:PassRole to one service (choose the service)',
    })[shape],
  fixAddPtsDeny: (principals: readonly string[]) => `Add a Deny statement that limits iam:PassRole to ${principals.join(', ')}`,
  fixPickService: 'Add iam:PassedToService for another service…',
  fixRoleArnPlaceholder: 'Replace with a role ARN (placeholder)',
  fixSplit: 'Split iam:PassRole into its own statement',
  fixReplaceWith: (s: string) => `Replace with ${s}`,
  fixAddValue: (s: string) => `Add ${s} to iam:PassedToService`,
  fixInstanceProfile: (arn: string) => `Replace with ${arn} (assumes the role has the instance profile's name)`,
  fixGetAtt: (logicalId: string) => `Use Fn::GetAtt ${logicalId}.Arn`,
  fixInsertVersion: 'Add "Version": "2012-10-17"',
  fixReplaceVersion: 'Replace with "2012-10-17"',
  fixInsertPlaceholder: (element: string) => `Add ${element} (placeholder)`,
  fixRename: (from: string, to: string) => `Rename ${from} to ${to}`,
  fixPrincipalType: (type: string) => `Write it as {"${type}": …}`,
  fixInsertEffect: (v: string) => `Add "Effect": "${v}"`,
  fixSetEffect: (v: string) => `Replace with "${v}"`,
  fixRemove: (s: string) => `Remove ${s}`,
  fixAssume: (action: string) => `Replace with ${action}`,
  fixAllTitle: 'Fix all auto-fixable IAM Role Lens problems',
  showDocs: (id: string) => `Show documentation for ${id}`,
  disableRule: (id: string) => `Turn off ${id} in settings`,

  // status item
  statusTemplate: (n: number) => `${n} embedded ${n === 1 ? 'policy' : 'policies'}`,
  statusKindSource: (source: 'forced' | 'context' | 'file-name' | 'content') =>
    ({ forced: 'kind set in settings', context: 'kind from the CloudFormation property', 'file-name': 'kind from the file name', content: 'kind from the statements' })[source],
  indexTitle: 'IAM Role Lens: reading roles',
  indexFiles: (done: number, total: number) => `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files`,
  statusExcluded: 'Not analysed: excluded by the iamRoleLens.include/exclude settings.',

  // kinds
  kindName: { identity: 'identity-based policy', trust: 'role trust policy', resource: 'resource-based policy', cloudformation: 'CloudFormation template', terraform: 'Terraform configuration', unknown: 'not an IAM policy' } as Record<string, string>,
  kindShort: { identity: 'Identity policy', trust: 'Trust policy', resource: 'Resource policy', cloudformation: 'CloudFormation', terraform: 'Terraform', unknown: 'Not a policy' } as Record<string, string>,
};

export type Widen<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : T[K] };
export type CoreMessages = Widen<typeof en>;
