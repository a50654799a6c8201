// English messages of the vocab area. Same shape in vocab-ja.ts, checked by the compiler.
import type { Widen } from './en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join(', ');
const didYouMean = (xs: readonly string[]) => (xs.length === 0 ? '' : xs.length === 1 ? ` Did you mean ${c(xs[0]!)}?` : ` Did you mean ${xs.slice(0, -1).map(c).join(', ')} or ${c(xs[xs.length - 1]!)}?`);
const typeNames: Record<string, string> = { String: 'string', ARN: 'ARN', Bool: 'Boolean', Numeric: 'numeric', Date: 'date', IPAddress: 'IP address', Binary: 'binary' };
const article = (type: string) => (/^[AEIOU]/.test(typeNames[type] ?? type) ? 'an' : 'a');
/** Operators that fit each key type, for the type-mismatch message. */
const fitting: Record<string, string> = {
  String: '`String…` operators',
  ARN: '`Arn…` operators (or `String…`)',
  Bool: '`Bool`',
  Numeric: '`Numeric…` operators',
  Date: '`Date…` operators',
  IPAddress: '`IpAddress` / `NotIpAddress`',
  Binary: '`BinaryEquals`',
};

export const vocabEn = {
  // unknown-action
  uaMessage: (action: string, kind: 'format' | 'too-long' | 'service' | 'service-pattern' | 'action' | 'pattern', service: string, serviceName: string | undefined, suggestions: readonly string[], dataDate: string) =>
    ({
      format: `${c(action)} is not an action: IAM actions are written \`service:ActionName\` (\`s3:GetObject\`).`,
      'too-long': `${c(`${action.slice(0, 60)}…`)} (${action.length} characters) is not an action: no IAM action name is anywhere near that long.`,
      service: `${c(service)} is not a service prefix in the IAM reference data (${dataDate}), so ${c(action)} matches nothing (a misspelling, or a retired service).`,
      'service-pattern': `No service prefix matches ${c(service)}, so ${c(action)} matches nothing.`,
      action: `${c(action)} is not an action of ${serviceName ?? c(service)} in the IAM reference data (${dataDate}): it matches nothing (a misspelling, or an action that was renamed or retired).`,
      pattern: `${c(action)} matches no action of ${serviceName ?? c(service)}: the wildcard allows or denies nothing.`,
    })[kind] + didYouMean(suggestions),
  uaFixReplace: (s: string) => `Replace with ${s}`,

  // condition-key-not-applicable
  ckUnknown: (key: string, reason: 'format' | 'service' | 'key', prefix: string, serviceName: string | undefined, suggestions: readonly string[]) =>
    ({
      format: `${c(key)} is not a condition key: keys are written \`prefix:name\` (\`aws:SourceIp\`, \`s3:prefix\`). IAM treats an unknown key as absent from the request.`,
      service: `No service defines condition keys with the prefix ${c(prefix)}: ${c(key)} is never in a request, and IAM treats it as absent.`,
      key: `${c(key)} is not ${prefix === 'aws' ? 'a global condition key' : `a condition key of ${serviceName ?? c(prefix)}`}: no request carries it, and IAM treats it as absent.`,
    })[reason] + didYouMean(suggestions),
  ckNotApplicable: (key: string, actions: readonly string[], notAction: boolean) =>
    notAction
      ? `No action this \`NotAction\` statement covers carries ${c(key)}: IAM treats the key as absent, so the condition only holds for negated operators and \`…IfExists\`.`
      : `None of this statement's actions (${actions.length > 4 ? `${list(actions.slice(0, 3))} and ${actions.length - 3} more` : list(actions)}) supports ${c(key)}: their requests never carry it, so IAM treats the key as absent and the condition only holds for negated operators and \`…IfExists\`.`,
  ckProviderOnly: (key: string) =>
    `${c(key)} is a claim of a federated sign-in token: only \`sts:AssumeRoleWithWebIdentity\` / \`sts:AssumeRoleWithSAML\` requests carry it, and those are allowed in a role's trust policy. Here the key is always absent.`,
  // redundant-value
  redundantAction: (value: string, by: string) =>
    value.toLowerCase() === by.toLowerCase() ? `${c(value)} is already in this list: removing it changes nothing.` : `${c(value)} is already covered by ${c(by)} in this list: removing it changes nothing.`,
  redundantPrincipal: (value: string, by: string) =>
    value === by
      ? `${c(value)} is already in this list: removing it changes nothing.`
      : by === '*'
        ? `${c(value)} is already covered by \`*\` in this list: removing it changes nothing.`
        : `${c(value)} is a session of the role ${c(by)}, which this list already names: the role covers its sessions, so removing it changes nothing.`,
  ckNotFromService: (key: string, services: readonly string[], positive: boolean) =>
    `A service principal's requests never carry ${c(key)} (a service is no member of an organization and has no tags, user name, MFA or source identity): ${
      positive ? `this test is never true for ${list(services)}, which therefore cannot use the role` : `this test is always true for ${list(services)} and narrows nothing`
    }. To limit which resources of the service may use it, test \`aws:SourceAccount\`, \`aws:SourceArn\` or \`aws:SourceOrgID\`.`,
  ckSessionAction: (key: string, action: string) =>
    `${c(key)} describes what the caller sets on the session, which ${c(action)} allows: no Allow statement of this policy allows ${c(action)}, so the test is not evaluated as written. Add ${c(action)} to this statement's actions.`,

  // condition-operator
  opForAllSingle: (op: string, key: string) =>
    `${c(op)} on ${c(key)}, which has a single value: \`ForAllValues:\` is also true when the key is missing from the request, so the condition can let through more than it seems. Remove \`ForAllValues:\`.`,
  opConfirmAudience: (op: string, key: string) =>
    `Confirm what ${c(key)} holds: ${c(op)} fits an audience claim the provider sends as a list. GitHub, EKS and most providers send one audience; then write the operator without \`ForAnyValue:\`.`,
  opUnknown: (op: string, suggestions: readonly string[]) => `${c(op)} is not a condition operator: IAM rejects the policy.${didYouMean(suggestions)}`,
  opNullModifier: (op: string) => `\`Null\` takes neither \`…IfExists\` nor \`ForAnyValue:\`/\`ForAllValues:\`: IAM rejects ${c(op)}. \`Null\` already tests whether the key is present.`,
  opWildcardEquals: (op: string, key: string, value: string, like: string) =>
    `${c(op)} compares literally: ${c(value)} is not a pattern, so ${c(key)} only matches a value with a literal \`*\` or \`?\` in it. Use ${c(like)} to match a pattern.`,
  opTypeMismatch: (op: string, key: string, type: string) =>
    `${c(key)} is ${article(type)} ${typeNames[type] ?? type} key: ${c(op)} cannot compare it as written (use ${fitting[type] ?? c(type)}).`,
  opValueMismatch: (op: string, value: string, family: string) =>
    `${c(value)} is not ${article(family)} ${typeNames[family] ?? family} value: ${c(op)} can never match it${family === 'Bool' ? ' (write `true` or `false`)' : family === 'IPAddress' ? ' (write an IPv4 or IPv6 address or CIDR range)' : family === 'Date' ? ' (write an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds)' : ''}.`,
  opFixRename: (from: string, to: string) => `Change ${from} to ${to}`,
  opFixMerge: (from: string, to: string) => `Move the keys of ${from} into the existing ${to} block`,
  opFixMove: (key: string, from: string, to: string) => `Compare ${key} with ${to} instead of ${from}`,

  // invalid-arn
  arnNotArn: (value: string, where: 'resource' | 'principal' | 'federated' | 'condition') =>
    where === 'resource'
      ? `${c(value)} is not an ARN: \`Resource\` takes ARNs (\`arn:partition:service:region:account:resource\`) or \`*\`, and IAM rejects anything else.`
      : `${c(value)} is not an ARN: an ARN operator never matches it. Write \`arn:partition:service:region:account:resource\`, or use a \`String…\` operator.`,
  arnFields: (value: string, count: number) => `${c(value)} has ${count} field${count === 1 ? '' : 's'}: an ARN has six, \`arn:partition:service:region:account:resource\` (empty fields keep their colons, as in \`arn:aws:s3:::bucket\`).`,
  arnPartition: (value: string) => `${c(value)} is not an AWS partition: use \`aws\`, \`aws-cn\`, \`aws-us-gov\`, \`aws-iso\`, \`aws-iso-b\`, \`aws-iso-e\`, \`aws-iso-f\` or \`aws-eusc\` (or \`\${AWS::Partition}\`).`,
  arnAccount: (value: string) => `${c(value)} is not an account ID: account IDs are 12 digits (wildcards and policy variables are allowed; \`aws\` for AWS-owned resources).`,
  arnRegion: (value: string, service: string, serviceName: string | undefined) =>
    `${serviceName ?? c(service)} is a global service: its ARNs have an empty region, so with ${c(value)} this ARN matches nothing. Write \`arn:aws:${service}::…\`.`,
  arnResourceType: (value: string, service: string, serviceName: string | undefined, suggestions: readonly string[]) =>
    `${c(value)} is not a resource type of ${serviceName ?? c(service)}, so this ARN matches nothing (resource types are compared literally).${didYouMean(suggestions)}`,
  arnResourceSeparator: (separator: string, service: string, serviceName: string | undefined, known: readonly string[]) =>
    `The resource part starts with ${c(separator)}, but every ARN of ${serviceName ?? c(service)} starts with a resource type (${known.length > 6 ? `${list(known.slice(0, 6))} …` : list(known)}): this ARN matches nothing. An API path or a doubled colon?`,
  arnPrincipalWildcard: (value: string) =>
    `A principal ARN cannot contain wildcards: IAM rejects ${c(value)}. Name the principal, or use \`"*"\` with a condition on \`aws:PrincipalArn\` (which accepts patterns).`,
  arnPrincipalType: (value: string) =>
    `${c(value)} is not a principal: \`AWS\` principals are accounts, users, roles and role sessions (\`…:root\`, \`…:user/NAME\`, \`…:role/NAME\`, \`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION\`).`,
};

export type VocabMessages = Widen<typeof vocabEn>;
