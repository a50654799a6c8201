// English messages of the escalation area. Same shape in escalation-ja.ts, checked by the compiler.
import type { Widen } from './en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join(', ');
const and = (xs: readonly string[]) => (xs.length <= 1 ? list(xs) : `${list(xs.slice(0, -1))} and ${c(xs[xs.length - 1]!)}`);

/** Which roles a PassRole grant reaches (iam/escalation.ts), with the patterns of a `pattern` grant, and how PassRole is granted. */
type Scope = { breadth: 'every' | 'notResource' | 'pattern'; roles: readonly string[] };
type Via = { via: 'explicit' | 'wildcard' | 'notAction'; pattern: string };

const grantText = (v: Via) => (v.via === 'explicit' ? '`iam:PassRole`' : v.via === 'wildcard' ? `\`iam:PassRole\` (through ${c(v.pattern)})` : '`iam:PassRole` (through `NotAction`)');
const scopeText = (s: Scope) =>
  s.breadth === 'every' ? 'on every role' : s.breadth === 'notResource' ? 'on every role not listed in `NotResource`' : `on every role whose ARN matches ${list(s.roles)} (a wildcard inside the role name or path: roles created later match too)`;

export const escalationEn = {
  escalation: (via: Via, scope: Scope, path: { id: string; name: string; gain: { en: string; ja: string } }, companions: readonly string[], more: readonly string[]) =>
    `${grantText(via)} ${scopeText(scope)}, together with ${and(companions)}, opens the privilege-escalation path ${path.id} (“${path.name}”): an attacker can ${path.gain.en}.` +
    (more.length ? ` ${more.length === 1 ? 'One more path is' : `${more.length} more paths are`} open: ${more.slice(0, 6).join(', ')}${more.length > 6 ? ` and ${more.length - 6} others` : ''}.` : '') +
    ' Name the roles that may be passed.',
  escalationRelated: (actions: readonly string[], paths: readonly string[]) =>
    `${actions.length > 4 ? `${list(actions.slice(0, 4))} and ${actions.length - 4} more` : and(actions)} ${actions.length === 1 ? 'is' : 'are'} allowed here (${paths.length > 4 ? `${paths.slice(0, 4).join(', ')}, …` : paths.join(', ')}).`,
  fixEscalationSplit: (principals: readonly string[]) =>
    `Move iam:PassRole to its own statement for a named role (placeholder)${principals.length ? ` passed only to ${principals.join(', ')}` : ''}`,
};

export type EscalationMessages = Widen<typeof escalationEn>;
