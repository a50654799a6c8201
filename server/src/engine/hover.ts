// Hover content: what the string under the cursor means in IAM, with the PassRole / AssumeRole contrast
// where it matters. Works on a partial tree too (JSON with errors), so hovers keep working while typing.
import { readDocuments, type Analysis } from './analyze';
import { messages } from './i18n';
import { hoverEn, type HoverText } from './i18n/hover-en';
import { hoverJa } from './i18n/hover-ja';
import { actionMatches, ASSUME_ACTIONS, ASSUME_ROLE, expandActionNames, fullName, MAX_ACTION_LENGTH, PASS_ROLE, splitAction } from './iam/actions';
import { sameKey } from './iam/conditions';
import { iamData, type IamData } from './iam/data';
import { gateView, liveGrants, passableServices, type Gate, type GateGrant } from './iam/effective';
import { managedGateDocument } from './identities';
import { actionGrant, ASSOCIATED_RESOURCE_ARN, PASSED_TO_SERVICE, passRoleGrants } from './iam/grants';
import { principalsOf } from './iam/principal';
import { canonicalPrincipal, knownServicePrincipals, PASSROLE_SERVICES } from './iam/principals';
import { hasWildcard } from './iam/wildcard';
import { managedPolicyByArn, managedPolicyByName } from './iam/managed-policies';
import { contains, keyText, nodeAt, propValue, type JsonNode } from './json';
import { isIntrinsic, resolveText, type PolicyDocument, type Statement } from './model';
import type { AnalysisOptions, Locale } from './types';
import { vocabHover } from './hover-vocab';
import { claimKey, federatedKind, SOURCE_KEYS } from './iam/trust';
import { roleAt, summarizeRole, type RoleUseSummary } from './roles/summary';
import { unique } from './util';

export interface HoverResult {
  markdown: string;
  offset: number;
  length: number;
}

const LIST_LIMIT = 10;

export function hoverText(locale: Locale | undefined): HoverText {
  return locale === 'ja' ? hoverJa : hoverEn;
}

interface Place {
  node: JsonNode;
  doc: PolicyDocument | undefined;
  /** The statement whose element holds the node, when it is one. */
  stmt: Statement | undefined;
  /** The key of the property that holds the node (for array items, the array's property). */
  propKey: string | undefined;
  /** The object that holds that property. */
  container: JsonNode | undefined;
  /** The property that holds that property (`Principal` for `Service`, the operator for a condition key). */
  outerKey: string | undefined;
  isKey: boolean;
  /** The node is a key, or a value, inside an operator block of the statement's Condition. */
  inCondition: boolean;
}

function propertyOf(n: JsonNode): JsonNode | undefined {
  const p = n.parent;
  if (p?.type === 'property') return p;
  if (p?.type === 'array' && p.parent?.type === 'property') return p.parent;
  return undefined;
}

function locate(analysis: Analysis, offset: number): Place | undefined {
  const node = nodeAt(analysis.parsed.root, offset);
  if (!node) return undefined;
  const doc = analysis.documents.find((d) => contains(d.root, offset)) ?? analysis.documents.find((d) => d.cfn?.property === node);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const prop = isKey ? node.parent : propertyOf(node);
  const propKey = prop ? keyText(prop) : undefined;
  const container = prop?.parent;
  const outer = container?.parent?.type === 'property' ? container.parent : undefined;
  const stmtOf = (obj: JsonNode | undefined) => doc?.statements.find((s) => s.node === obj);
  // The statement is the object holding the property, or (for Principal.Service and condition keys)
  // the object one or two levels up.
  const condProp = outer?.parent?.parent;
  const conditionStmt = condProp?.type === 'property' && keyText(condProp) === 'Condition' ? stmtOf(condProp.parent) : undefined;
  const stmt = stmtOf(container) ?? stmtOf(outer?.parent) ?? conditionStmt;
  return { node, doc, stmt, propKey, container, outerKey: outer ? keyText(outer) : undefined, isKey, inCondition: conditionStmt !== undefined };
}

function footer(h: HoverText, data: IamData): string {
  const meta = data.meta();
  return `\n\n---\n*${h.dataFooter(meta.date, meta.version)}*`;
}

/** What one statement of an identity policy lets pass (or assume), as the document's Deny statements leave it. */
function gateContext(h: HoverText, doc: PolicyDocument, stmt: Statement, gate: Gate): string | undefined {
  const g = gateView(doc, gate).grants.find((x) => x.stmt === stmt);
  if (!g) return undefined;
  if (g.deniedBy) return `**${h.thisStatement}:** ${h.grantDenied}`;
  const parts: string[] = [];
  const resources = stmt.resources ?? [];
  if (g.rolesLeftBy) parts.push(h.rolesLeftByDeny(g.rolesLeftBy.roles.length));
  // Every role, narrowed by a tag (or the role's account): the narrowing says which roles.
  else if (g.breadth === 'every' || g.breadth === 'notResource') {
    if (g.roleConditions.length === 0) parts.push(h.everyRole);
  }
  else if (g.breadth === 'pattern') parts.push(h.rolePattern(g.patterns.map((r) => r.text ?? '')));
  else if (resources.length) parts.push(h.someRoles(resources.length));
  for (const n of g.roleConditions) parts.push(h.roleCondition(n.key, n.values, n.from));
  if (gate === PASS_ROLE) {
    if (g.passedTo?.from === 'condition') parts.push(h.ptsNarrowed(g.passedTo.values));
    else if (g.passedTo) parts.push(h.denyGuard(g.passedTo.values));
    else parts.push(h.ptsNone);
  }
  return `**${h.thisStatement}:** ${parts.join(' · ')}`;
}

function actionDetails(h: HoverText, data: IamData, service: string, name: string): string | undefined {
  const a = data.action(service, name);
  if (!a) return undefined;
  const lines = [h.actionTitle(fullName(a), a.accessLevel) + (data.serviceName(a.service) ? ` · ${data.serviceName(a.service)}` : ''), '', a.description];
  const types = a.resourceTypes.map((r) => (r.required ? `${r.name} (${h.required})` : r.name));
  lines.push('', `**${h.resourceTypes}:** ${types.length ? types.map((x) => `\`${x}\``).join(', ') : h.none}`);
  const keys = unique([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)]);
  if (keys.length) lines.push(`**${h.conditionKeys}:** ${keys.slice(0, 20).map((k) => `\`${k}\``).join(', ')}${keys.length > 20 ? ` ${h.wildcardMore(keys.length - 20)}` : ''}`);
  const deps = unique(a.resourceTypes.flatMap((r) => r.dependentActions));
  if (deps.length) lines.push(`**${h.dependentActions}:** ${deps.map((d) => `\`${d}\``).join(', ')}`);
  return lines.join('\n');
}

function actionHover(h: HoverText, data: IamData, place: Place, text: string): string {
  const { doc, stmt } = place;
  if (text.length > MAX_ACTION_LENGTH) return h.unknownAction(`${text.slice(0, 60)}…`) + footer(h, data);
  const inNotAction = place.propKey === 'NotAction';
  const parts: string[] = [];
  const exact = !hasWildcard(text);
  if (exact && text.toLowerCase() === PASS_ROLE.toLowerCase()) {
    parts.push(h.passRoleTitle, '', h.passRoleBody);
    if (doc?.kind === 'trust') parts.push('', h.passRoleInTrust);
    const ctx = doc && stmt && !inNotAction ? gateContext(h, doc, stmt, PASS_ROLE) : undefined;
    if (ctx) parts.push('', ctx);
    parts.push('', h.contrastTable);
  } else if (exact && ASSUME_ACTIONS.some((a) => a.toLowerCase() === text.toLowerCase())) {
    const canonical = ASSUME_ACTIONS.find((a) => a.toLowerCase() === text.toLowerCase())!;
    parts.push(h.assumeTitle(canonical), '', h.assumeBody[canonical] ?? '');
    if (doc) parts.push('', doc.kind === 'trust' ? h.assumeInTrust : h.assumeInIdentity);
    const ctx = doc?.kind === 'identity' && stmt && !inNotAction && canonical === ASSUME_ROLE ? gateContext(h, doc, stmt, ASSUME_ROLE) : undefined;
    if (ctx) parts.push('', ctx);
    parts.push('', h.contrastTable);
  } else if (exact) {
    const split = splitAction(text);
    const details = split ? actionDetails(h, data, split.service, split.name) : undefined;
    if (details) parts.push(details);
    else if (split && !data.hasService(split.service)) parts.push(h.unknownService(split.service));
    else parts.push(h.unknownAction(text));
  } else {
    const matched = expandActionNames(text, data);
    if (text === '*') parts.push(h.wildcardAll(matched.length, data.services().length));
    else {
      parts.push(h.wildcardTitle(text, matched.length));
      const names = matched.slice(0, LIST_LIMIT).map((a) => `\`${a}\``);
      if (names.length) parts.push('', names.join(', ') + (matched.length > LIST_LIMIT ? ` ${h.wildcardMore(matched.length - LIST_LIMIT)}` : ''));
    }
    if (actionMatches(text, PASS_ROLE)) parts.push('', h.wildcardIncludesPassRole);
    const assumes = ASSUME_ACTIONS.filter((a) => actionMatches(text, a));
    if (assumes.length) parts.push('', h.wildcardIncludesAssume(assumes));
  }
  if (inNotAction) parts.push('', h.notActionNote);
  return parts.join('\n') + footer(h, data);
}

function servicePrincipalHover(h: HoverText, data: IamData, principal: string, where: 'pts' | 'trust'): string {
  const canonical = canonicalPrincipal(principal);
  const service = data.serviceName(canonical.split('.')[0]!);
  const parts = [h.principalTitle(principal, service), ''];
  parts.push(where === 'pts' ? h.principalInPts(principal) : h.principalInTrust(principal));
  const launchers = PASSROLE_SERVICES.filter((s) => s.principals.includes(canonical));
  const actions = launchers.flatMap((s) => [...s.actions, ...s.optionalActions]).slice(0, 6);
  if (actions.length) parts.push('', h.principalLaunchedBy(actions));
  if (launchers.some((s) => s.setsPassedToService === false) && where === 'pts') parts.push('', h.principalNoPts);
  if (canonical === 'ecs.amazonaws.com') parts.push('', h.principalEcsNote);
  if (!knownServicePrincipals().has(canonical)) parts.push('', h.principalUnknown);
  return parts.join('\n');
}

function federatedHover(h: HoverText, value: string): string {
  const fk = federatedKind(value);
  if (fk.kind === 'saml') return `${h.samlTitle(value)}\n\n${h.samlBody}`;
  if (!fk.provider) return `${h.oidcTitle(value)}\n\n${h.oidcUnknownBody}`;
  const p = fk.provider;
  return `${h.oidcTitle(value, p.name)}\n\n${h.oidcBody(claimKey(fk.host, p.subject.claim), p.audience ? claimKey(fk.host, p.audience.claim) : undefined)}`;
}

/** `token.actions.githubusercontent.com:sub` and the other claims of web-identity providers. */
function claimHover(h: HoverText, key: string): string | undefined {
  const i = key.lastIndexOf(':');
  if (i <= 0) return undefined;
  const host = key.slice(0, i);
  const claim = key.slice(i + 1);
  const fk = federatedKind(host);
  if (fk.kind !== 'oidc' || !fk.provider || !host.includes('.')) return undefined;
  return `${h.claimTitle(key, claim, fk.provider.name)}\n\n${h.claimBody[claim] ?? ''}`;
}

/**
 * A reference to a role (a PassRole resource, a hand-off value, a role's logical id): who may become it, who
 * it is handed to, who may pass it, here and across the workspace; mismatches marked.
 */
export function roleMarkdown(h: HoverText, analysis: Analysis, offset: number): HoverResult | undefined {
  const at = roleAt(analysis, offset);
  if (!at) return undefined;
  const { target } = at;
  const s = summarizeRole(analysis, target);
  const where = (u: RoleUseSummary) => (u.file ? ` (${u.file.split(/[\\/]/).pop()})` : '');
  const parts = [h.roleTitle(s.name, target.where === 'remote' ? target.role.file.split(/[\\/]/).pop() : undefined), ''];
  parts.push(s.assumedBy === undefined ? h.roleTrustUnseen : s.assumedBy.length ? h.roleTrusts(s.assumedBy) : h.roleTrustsNobody);
  if (s.handedTo.length) parts.push('', h.roleHandedTo(s.handedTo.map((u) => `${u.trusted ? '' : '✗ '}${u.principals.map((p) => `\`${p}\``).join(', ')} · ${u.label}${where(u)}`)));
  if (s.passedBy.length) parts.push('', h.rolePassedBy(s.passedBy.map((u) => `${u.trusted ? '' : '✗ '}${u.principals.length ? u.principals.map((p) => `\`${p}\``).join(', ') : h.roleAnyService} · ${u.label}${where(u)}`)));
  const missing = unique([...s.handedTo, ...s.passedBy].filter((u) => !u.trusted).flatMap((u) => u.principals).filter((p) => !hasWildcard(p)));
  if (missing.length) parts.push('', h.roleNotTrustedFor(missing));
  return { markdown: parts.join('\n'), ...at.span };
}

/** What an AWS managed policy named by ARN (ManagedPolicyArns) or name (SAM Policies) lets its holder pass or assume. */
function managedPolicyHover(h: HoverText, node: JsonNode): HoverResult | undefined {
  const target = node.parent?.type === 'property' && node.parent.children?.[0] !== node && yamlTagged(node.parent.parent) ? node.parent.parent! : node;
  const text = resolveText(target);
  if (text === undefined) return undefined;
  const policy = text.startsWith('arn:') ? managedPolicyByArn(text) : samPolicyEntry(target) ? managedPolicyByName(text) : undefined;
  if (!policy) return undefined;
  const lines = [h.mpTitle(policy.name, policy.version, policy.updated)];
  // The same view of the two gates as the rules' (iam/effective.ts): the policy's Deny statements count.
  const doc = managedGateDocument(policy, { offset: target.offset, length: target.length });
  const roles = (g: GateGrant) => (g.stmt.notResources ? ['*'] : (g.stmt.resources ?? []).map((r) => r.text ?? '…'));
  let any = false;
  for (const g of liveGrants(doc, PASS_ROLE)) {
    any = true;
    const services = passableServices(g);
    lines.push(g.breadth === 'every' || g.breadth === 'notResource' ? h.mpPassesEvery(services) : h.mpPasses(roles(g).slice(0, 8), services));
  }
  for (const g of liveGrants(doc, ASSUME_ROLE)) {
    any = true;
    lines.push(g.breadth === 'every' || g.breadth === 'notResource' ? h.mpAssumesEvery : h.mpAssumes(roles(g).slice(0, 8)));
  }
  if (!any) lines.push(h.mpNeither);
  return { markdown: lines.join('\n\n'), offset: target.offset, length: target.length };
}

/** A `Policies` entry of a SAM function or state machine (where a string is a managed policy's name). */
function samPolicyEntry(node: JsonNode): boolean {
  const list = node.parent?.type === 'array' ? node.parent : node;
  const prop = list.parent;
  return prop?.type === 'property' && keyText(prop) === 'Policies' && /^AWS::Serverless::/.test(String(resolveText(propValue(prop.parent?.parent?.parent, 'Type')) ?? ''));
}

function yamlTagged(n: JsonNode | undefined): boolean {
  return n !== undefined && isIntrinsic(n);
}

function kindHover(h: HoverText, analysis: Analysis, doc: PolicyDocument | undefined, locale: Locale | undefined): string {
  const t = messages(locale);
  const kind = doc?.kind ?? analysis.fileKind;
  const parts = [h.kindTitle(t.kindName[kind] ?? kind) + (doc ? h.kindHow(t.statusKindSource(doc.kindSource)) : ''), '', h.kindBody[kind] ?? ''];
  if (doc?.kind === 'identity') {
    const passes = unique(passRoleGrants(doc).flatMap((g) => (g.stmt.resources ?? []).map((r) => r.text ?? '…')));
    if (passes.length) parts.push('', h.kindPasses(passes.slice(0, 5)));
    const assumes = unique(doc.statements.filter((s) => s.effect === 'Allow' && actionGrant(s, 'sts:AssumeRole')).flatMap((s) => (s.resources ?? []).map((r) => r.text ?? '…')));
    if (assumes.length) parts.push('', h.kindAssumes(assumes.slice(0, 5)));
  } else if (doc?.kind === 'trust') {
    const trusted = unique(
      doc.statements.filter((s) => s.effect === 'Allow').flatMap((s) => {
        const p = principalsOf(s.principal);
        return [...(p.star ? ['*'] : []), ...[...p.service, ...p.aws, ...p.federated].map((i) => i.text ?? '…')];
      }),
    );
    if (trusted.length) parts.push('', h.kindTrusts(trusted.slice(0, 5)));
  }
  return parts.join('\n');
}

export function hover(text: string, offset: number, options: AnalysisOptions = {}, analysis?: Analysis, data: IamData = iamData()): HoverResult | undefined {
  const a = analysis ?? readDocuments(text, options);
  if (!a.parsed.root) return undefined;
  const place = locate(a, offset);
  if (!place) return undefined;
  const h = hoverText(options.locale);
  const { node, doc, stmt } = place;
  const at = (markdown: string): HoverResult => ({ markdown, offset: node.offset, length: node.length });

  // The root of a policy (its `{` or one of its keys) and a CloudFormation document property: the kind.
  if (doc && (node === doc.root || (place.isKey && node.parent?.parent === doc.root && place.propKey !== 'Version') || (doc.cfn && node === doc.cfn.property))) {
    return at(kindHover(h, a, doc, options.locale));
  }
  if (!doc && node === a.parsed.root && a.fileKind === 'cloudformation') return at(kindHover(h, a, undefined, options.locale));
  // Outside policies: a hand-off value or a role's logical id of a template.
  if (!doc) return a.template ? (roleMarkdown(h, a, offset) ?? managedPolicyHover(h, node)) : undefined;
  const vocab = () => {
    const md = vocabHover(a, { node, doc, stmt, propKey: place.propKey, isKey: place.isKey, inCondition: place.inCondition }, h, data, options.locale);
    return md === undefined ? undefined : at(md);
  };
  if (place.isKey) {
    if (place.propKey === 'Version') return at(`${h.versionTitle}\n\n${h.versionBody}`);
    // A condition key: a key inside an operator block of a statement's Condition.
    if (place.inCondition) {
      const key = String(node.value);
      if (sameKey(key, PASSED_TO_SERVICE)) return at(`${h.ptsTitle}\n\n${h.ptsBody}\n\n${h.contrastTable}`);
      if (sameKey(key, ASSOCIATED_RESOURCE_ARN)) return at(`${h.araTitle}\n\n${h.araBody}`);
      if (sameKey(key, 'sts:ExternalId')) return at(`${h.externalIdTitle}\n\n${h.externalIdBody}`);
      if (SOURCE_KEYS.some((k) => sameKey(k, key))) return at(`${h.sourceKeyTitle(key)}\n\n${h.sourceKeyBody}`);
      const claim = claimHover(h, key);
      if (claim) return at(claim);
      const info = data.conditionKey(key);
      if (info) return at(`${h.keyTitle(info.key)}\n\n${info.description}\n\n${h.keyType(info.type)}` + footer(h, data));
    }
    return vocab();
  }
  if (node.type !== 'string') return undefined;
  const value = String(node.value);
  if (place.propKey === 'Version' && node.parent?.parent === doc.root) return at(`${h.versionTitle}\n\n${h.versionBody}`);
  if (stmt && stmt.node === place.container && (place.propKey === 'Action' || place.propKey === 'NotAction')) return at(actionHover(h, data, place, value));
  if (stmt && !place.inCondition && place.outerKey === 'Principal') {
    if (place.propKey === 'Service') return at(servicePrincipalHover(h, data, value, 'trust'));
    if (place.propKey === 'AWS') {
      if (value === '*') return at(h.awsPrincipalStar);
      const account = /^\d{12}$/.exec(value)?.[0] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
      return at(account ? h.awsPrincipalAccount(account) : h.awsPrincipalArn(value));
    }
    if (place.propKey === 'Federated') return at(federatedHover(h, value));
  }
  if (stmt && stmt.node === place.container && place.propKey === 'Principal' && value === '*') return at(h.awsPrincipalStar);
  const role = stmt && !place.inCondition ? roleMarkdown(h, a, offset) : undefined;
  if (role) return role;
  if (place.inCondition && place.propKey && sameKey(place.propKey, PASSED_TO_SERVICE)) {
    return at(servicePrincipalHover(h, data, value, 'pts'));
  }
  return vocab();
}
