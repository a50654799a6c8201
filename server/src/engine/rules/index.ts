// The rule registry: every rule, in the order its findings are produced. Adding a rule is adding a
// file next to this one and a line here (CONTRIBUTING.md).
import { analysisLimit } from './analysis-limit';
import { duplicateSid } from './duplicate-sid';
import { identityPolicyPrincipal } from './identity-policy-principal';
import { jsonSyntax } from './json-syntax';
import { passedToServiceInvalid } from './passed-to-service-invalid';
import { passedToServiceMismatch } from './passed-to-service-mismatch';
import { passedToServiceSharedStatement } from './passed-to-service-shared-statement';
import { passroleInTrustPolicy } from './passrole-in-trust-policy';
import { passroleMissingPassedToService } from './passrole-missing-passed-to-service';
import { passroleNotResource } from './passrole-not-resource';
import { passroleResourceNotRole } from './passrole-resource-not-role';
import { passroleWildcardResource } from './passrole-wildcard-resource';
import { policyStructure } from './policy-structure';
import { policyVersion } from './policy-version';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  jsonSyntax,
  analysisLimit,
  policyVersion,
  policyStructure,
  duplicateSid,
  identityPolicyPrincipal,
  passroleWildcardResource,
  passroleNotResource,
  passroleMissingPassedToService,
  passedToServiceSharedStatement,
  passedToServiceInvalid,
  passedToServiceMismatch,
  passroleResourceNotRole,
  passroleInTrustPolicy,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
