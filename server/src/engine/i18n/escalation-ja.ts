// escalation の日本語メッセージ。形は escalation-en.ts と同じ（コンパイラが検査する）。
import type { EscalationMessages } from './escalation-en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join('、');

type Scope = { breadth: 'every' | 'notResource' | 'pattern'; roles: readonly string[] };
type Via = { via: 'explicit' | 'wildcard' | 'notAction'; pattern: string };

/** The subject with its particle: `iam:PassRole` が / `iam:PassRole`（`iam:*` 経由）が. */
const grantText = (v: Via) => (v.via === 'explicit' ? '`iam:PassRole` が' : v.via === 'wildcard' ? `\`iam:PassRole\`（${c(v.pattern)} 経由）が` : '`iam:PassRole`（`NotAction` 経由）が');
const scopeText = (s: Scope) =>
  s.breadth === 'every' ? 'すべてのロールに' : s.breadth === 'notResource' ? '`NotResource` に列挙したもの以外のすべてのロールに' : `、ARN が ${list(s.roles)} に一致するすべてのロール（ロール名やパスの途中にワイルドカードがあるため、後から作られたロールも一致します）に`;

export const escalationJa: EscalationMessages = {
  escalation: (via, scope, path, companions, more) =>
    `${grantText(via)}${scopeText(scope)}許可されており、${list(companions)} と組み合わさって権限昇格の経路 ${path.id}（「${path.name}」）になります。攻撃者は${/^[A-Za-z0-9`]/.test(path.gain.ja) ? ' ' : ''}${path.gain.ja}。` +
    (more.length ? `ほかに ${more.length} 件の経路があります: ${more.slice(0, 6).join('、')}${more.length > 6 ? ` ほか ${more.length - 6} 件` : ''}。` : '') +
    '渡せるロールを具体的に指定してください。',
  escalationRelated: (actions, paths) => `${actions.length > 4 ? `${list(actions.slice(0, 4))} ほか ${actions.length - 4} 件` : list(actions)} がここで許可されています（${paths.length > 4 ? `${paths.slice(0, 4).join('、')}、…` : paths.join('、')}）。`,
  fixEscalationSplit: (principals) =>
    `iam:PassRole を、特定のロール（プレースホルダー）だけを対象とする別のステートメントに分ける${principals.length ? `（渡す先は ${principals.join('、')} のみ）` : ''}`,
};
