import { withSnippet } from '../edits';
import { passedToServiceFixes, ptsFixShape, splitPassRoleEdits } from '../fixes';
import { passRoleView, serviceGuard, type GateGrant } from '../iam/effective';
import { openPaths, passRoleBreadth, principalListed, type Breadth, type OpenPath } from '../iam/escalation';
import { hasMisspelledPassedToService, inferPrincipals, PASSED_TO_SERVICE } from '../iam/grants';
import type { JsonNode } from '../json';
import type { PolicyDocument } from '../model';
import type { Fix, RelatedInfo } from '../types';
import type { Rule, RuleContext } from './rule';
import { ROLE_ARN_PLACEHOLDER } from './passrole-wildcard-resource';
import { Slot } from '../util';

/** Related information, once per set of open paths: grants that open the same paths share it. */
const relatedCache = new Slot<readonly OpenPath[], { t: RuleContext['t']; related: RelatedInfo[] }>('relatedInfo');

function sharedRelatedInfo(ctx: RuleContext, open: readonly OpenPath[]): RelatedInfo[] {
  const hit = relatedCache.get(open);
  if (hit && hit.t === ctx.t) return hit.related;
  const related = relatedInfo(ctx, open);
  relatedCache.set(open, { t: ctx.t, related });
  return related;
}

/** Messages by the open paths they describe, then by how PassRole is granted (see `escalationMessage`). */
type MessageCache = Map<readonly OpenPath[], Map<string, string>>;

/**
 * The message of a grant, made once per distinct text in a run of the rule: grants that open the same paths
 * (one shared `open` list) the same way share one string (thousands of PassRole statements make a handful).
 */
function escalationMessage(t: RuleContext['t'], cache: MessageCache, g: GateGrant, breadth: Breadth, open: readonly OpenPath[]): string {
  let byGrant = cache.get(open);
  if (!byGrant) cache.set(open, (byGrant = new Map<string, string>()));
  const pattern = g.grant.item?.text ?? 'NotAction';
  const roles = breadth === 'pattern' ? g.patterns.map((r) => r.text ?? '') : [];
  const key = roles.length ? `${g.grant.via}\0${pattern}\0${breadth}\0${roles.join('\0')}` : `${g.grant.via}\0${pattern}\0${breadth}`;
  let message = byGrant.get(key);
  if (message === undefined) {
    const first = open[0]!;
    message = t.escalation(
      { via: g.grant.via, pattern },
      { breadth, roles },
      first.path,
      first.companions.map((c) => c.action),
      open.slice(1).map((o) => o.path.id),
    );
    byGrant.set(key, message);
  }
  return message;
}

/** Related information: each Action value (or NotAction key) that allows companion actions, once. */
function relatedInfo(ctx: RuleContext, open: readonly OpenPath[]): RelatedInfo[] {
  const byNode = new Map<JsonNode, { actions: string[]; paths: string[] }>();
  for (const o of open) {
    for (const c of o.companions) {
      const entry = byNode.get(c.grant.node) ?? { actions: [], paths: [] };
      if (!entry.actions.includes(c.action)) entry.actions.push(c.action);
      if (!entry.paths.includes(o.path.id)) entry.paths.push(o.path.id);
      byNode.set(c.grant.node, entry);
    }
  }
  return [...byNode.entries()]
    .sort(([a], [b]) => a.offset - b.offset)
    .map(([node, e]) => ({ offset: node.offset, length: node.length, message: ctx.t.escalationRelated(e.actions, e.paths) }));
}

/**
 * Fixes: narrow the roles (a role ARN placeholder: in place for a PassRole-only statement, or by moving
 * PassRole to a statement of its own), and iam:PassedToService where it closes paths. A PassedToService fix
 * that only allows the escalating service is not offered; it is preferred only when it closes every open path.
 */
/**
 * How many of the open paths each set of iam:PassedToService values would close (the sets
 * `passedToServiceFixes` offers, in its order): the same for every grant that opens the same paths in a
 * document, so worked out once per `open` list in a run of the rule.
 */
type ClosingCache = Map<readonly OpenPath[], { candidates: readonly string[]; closing: number[] }>;

function closingCounts(cache: ClosingCache, candidates: readonly string[], open: readonly OpenPath[]): number[] {
  const hit = cache.get(open);
  if (hit && hit.candidates === candidates) return hit.closing;
  const sets = [...candidates.map((c) => [c]), ...(candidates.length > 1 ? [candidates] : [])];
  const closing = sets.map((set) => open.filter((o) => !o.path.principals.some((p) => principalListed(set, p))).length);
  cache.set(open, { candidates, closing });
  return closing;
}

function fixesFor(ctx: RuleContext, closingCache: ClosingCache, doc: PolicyDocument, g: GateGrant, breadth: Breadth, open: readonly OpenPath[]): Fix[] {
  const { t, data } = ctx;
  const fixes: Fix[] = [];
  const candidates = inferPrincipals(doc);
  const shape = ptsFixShape(g.stmt, g.grant, data);
  const wide = breadth === 'every' ? g.everyRole : breadth === 'pattern' ? g.patterns : [];
  if (wide.length && shape === 'condition') {
    fixes.push({
      title: t.fixRoleArnPlaceholder,
      edits: () => wide.map((r) => withSnippet(ctx.writer.replace(r.node, ROLE_ARN_PLACEHOLDER.text), ROLE_ARN_PLACEHOLDER.tabStops)),
    });
  } else if (wide.length && shape === 'split') {
    // PassRole leaves the statement for one of its own on a named role (a placeholder with tab stops),
    // keeping its PassRole-only conditions, with iam:PassedToService for the services the policy launches.
    const condition = candidates.length ? { operator: 'StringEquals', key: PASSED_TO_SERVICE, value: [...candidates] } : undefined;
    fixes.push({
      title: t.fixEscalationSplit(candidates),
      edits: () => splitPassRoleEdits(ctx.writer, doc, g.stmt, g.grant.item!, condition, ROLE_ARN_PLACEHOLDER.text).map((e) => withSnippet(e, ROLE_ARN_PLACEHOLDER.tabStops)),
    });
  }
  if (candidates.length) {
    // passedToServiceFixes gives one fix per set, in this order. Which paths each set closes is known before
    // the fixes are made: when none closes any (the usual case), no fix is built only to be dropped.
    const closing = closingCounts(closingCache, candidates, open);
    if (closing.some((n) => n > 0)) {
      passedToServiceFixes(ctx.writer, doc, g.stmt, g.grant, candidates, data, t).forEach((fix, i) => {
        const closes = closing[i] ?? 0;
        if (closes === 0) return;
        fixes.push({ ...fix, preferred: fix.preferred === true && closes === open.length });
      });
    }
  }
  return fixes;
}

export const passrolePrivilegeEscalation: Rule = {
  id: 'passrole-privilege-escalation',
  defaultSeverity: 'warning',
  fixable: true,
  summary: {
    en: 'iam:PassRole on a broad set of roles together with the actions of a known privilege-escalation path.',
    ja: '広い範囲のロールへの iam:PassRole と、既知の権限昇格の経路のアクションが一緒に許可されています。',
  },
  check(ctx) {
    const { t, data } = ctx;
    const messages: MessageCache = new Map();
    const closing: ClosingCache = new Map();
    for (const doc of ctx.analysis.documents) {
      if (doc.kind !== 'identity') continue;
      const grants = passRoleView(doc).grants;
      if (grants.length === 0) continue;
      const guard = serviceGuard(doc);
      for (const g of grants) {
        // A misspelled iam:PassedToService is passed-to-service-invalid's finding; its rename is the fix.
        if (hasMisspelledPassedToService(g.stmt, data)) continue;
        const breadth = passRoleBreadth(g);
        if (!breadth) continue;
        const open = openPaths(doc, g, guard?.values, data);
        if (open.length === 0) continue;
        ctx.report({
          node: g.grant.node,
          message: escalationMessage(t, messages, g, breadth, open),
          related: sharedRelatedInfo(ctx, open),
          fixes: fixesFor(ctx, closing, doc, g, breadth, open),
        });
      }
    }
  },
};
