// The rule registry: every rule, in the order its findings are produced. Adding a rule is adding a
// file next to this one and a line here (CONTRIBUTING.md).
import { analysisLimit } from './analysis-limit';
import { duplicateSid } from './duplicate-sid';
import { redundantValue } from './redundant-value';
import { unknownAction } from './unknown-action';
import { conditionKeyNotApplicable } from './condition-key-not-applicable';
import { conditionOperator } from './condition-operator';
import { invalidArn } from './invalid-arn';
import { identityPolicyPrincipal } from './identity-policy-principal';
import { jsonSyntax } from './json-syntax';
import { yamlSyntax } from './yaml-syntax';
import { hclSyntax } from './hcl-syntax';
import { passedToServiceInvalid } from './passed-to-service-invalid';
import { passedToServiceMismatch } from './passed-to-service-mismatch';
import { passedToServiceSharedStatement } from './passed-to-service-shared-statement';
import { passroleInTrustPolicy } from './passrole-in-trust-policy';
import { passrolePrivilegeEscalation } from './passrole-privilege-escalation';
import { passroleMissingPassedToService } from './passrole-missing-passed-to-service';
import { passroleNotResource } from './passrole-not-resource';
import { passroleResourceNotRole } from './passrole-resource-not-role';
import { passroleTrustMismatch } from './passrole-trust-mismatch';
import { handoffTrustMismatch } from './handoff-trust-mismatch';
import { handoffRoleReference } from './handoff-role-reference';
import { passroleWildcardResource } from './passrole-wildcard-resource';
import { policyStructure } from './policy-structure';
import { policyVersion } from './policy-version';
import type { Rule } from './rule';
import { assumeroleResourceNotRole } from './assumerole-resource-not-role';
import { assumeroleWildcardResource } from './assumerole-wildcard-resource';
import { trustActionPrincipalMismatch } from './trust-action-principal-mismatch';
import { trustCrossAccountNoExternalId } from './trust-cross-account-no-external-id';
import { trustInvalidAction } from './trust-invalid-action';
import { trustMissingPrincipal } from './trust-missing-principal';
import { trustNotPrincipal } from './trust-not-principal';
import { trustOidcBroadSubject } from './trust-oidc-broad-subject';
import { trustOidcMissingAudience } from './trust-oidc-missing-audience';
import { trustOidcMissingSubject } from './trust-oidc-missing-subject';
import { trustResourceElement } from './trust-resource-element';
import { trustServiceConfusedDeputy } from './trust-service-confused-deputy';
import { trustUnknownServicePrincipal } from './trust-unknown-service-principal';
import { trustWildcardPrincipal } from './trust-wildcard-principal';
import { trustPolicySize } from './trust-policy-size';

export const RULES: readonly Rule[] = [
  jsonSyntax,
  yamlSyntax,
  hclSyntax,
  analysisLimit,
  policyVersion,
  policyStructure,
  duplicateSid,
  unknownAction,
  redundantValue,
  conditionKeyNotApplicable,
  conditionOperator,
  invalidArn,
  identityPolicyPrincipal,
  passroleWildcardResource,
  passroleNotResource,
  passroleMissingPassedToService,
  passedToServiceSharedStatement,
  passedToServiceInvalid,
  passedToServiceMismatch,
  passroleResourceNotRole,
  passroleInTrustPolicy,
  passrolePrivilegeEscalation,
  trustMissingPrincipal,
  trustResourceElement,
  trustNotPrincipal,
  trustWildcardPrincipal,
  trustInvalidAction,
  trustActionPrincipalMismatch,
  trustUnknownServicePrincipal,
  trustOidcMissingSubject,
  trustOidcBroadSubject,
  trustOidcMissingAudience,
  trustServiceConfusedDeputy,
  trustCrossAccountNoExternalId,
  trustPolicySize,
  assumeroleWildcardResource,
  assumeroleResourceNotRole,
  passroleTrustMismatch,
  handoffTrustMismatch,
  handoffRoleReference,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
