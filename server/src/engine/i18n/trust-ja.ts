// 信頼ポリシー（AssumeRole 側）の日本語メッセージ。形は trust-en.ts と同じ（コンパイラが検査する）。
import type { TrustMessages } from './trust-en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join('、');

export const trustJa: TrustMessages = {
  trustMissingPrincipal: '信頼ポリシーのこのステートメントに `Principal` がありません。信頼ポリシーはロールを引き受けられるのは誰かを定めるものなので、誰も指定しないステートメントは IAM が拒否します。',
  trustResourceElement: (element: string) => `信頼ポリシーに \`${element}\` は書けません。リソースはロール自体なので、IAM はこの要素を拒否します。削除してください。`,
  trustNotPrincipal: 'ロールの信頼ポリシーでは `NotPrincipal` を使えません。ロールを引き受けられるプリンシパルを `Principal` で指定してください。',
  trustWildcardPrincipal: (withCondition: boolean) =>
    withCondition
      ? '`Principal` に全員が指定されています。条件を満たせばどの AWS アカウントからでもこのロールを引き受けられますが、その条件は呼び出し元を限定していません（`aws:PrincipalOrgID`、`aws:PrincipalAccount`、`aws:PrincipalArn` のいずれかを追加してください）。'
      : '`Principal` に全員が指定されており、条件もありません。どの AWS アカウントの誰でもこのロールを引き受けられます。',
  trustBareStar: 'ロールの信頼ポリシーの `"Principal": "*"` は IAM が拒否します。すべての AWS プリンシパルを信頼して条件で絞り込むなら `{"AWS": "*"}` と書きます。できればプリンシパルを具体的に指定してください。',
  trustInvalidAction: (action: string) => `${c(action)} は信頼ポリシーで許可できるアクションではありません。IAM が受け付けるのは \`sts:AssumeRole\`、\`sts:AssumeRoleWithSAML\`、\`sts:AssumeRoleWithWebIdentity\`、\`sts:TagSession\`、\`sts:SetSourceIdentity\`、\`sts:SetContext\` です。`,
  trustActionMismatch: (action: string, principal: 'saml' | 'oidc' | 'service' | 'aws', fitting: string) =>
    `${c(action)} は${principal === 'saml' ? ' SAML プロバイダー' : principal === 'oidc' ? ' OIDC（ウェブ ID）プロバイダー' : principal === 'service' ? 'サービスプリンシパル' : ' AWS プリンシパル'}には使えません。このプリンシパルがロールを引き受けられるのは ${c(fitting)} だけです。`,
  trustSessionActions: (service, needed, missing) =>
    `${c(service)} がロールを引き受けるには、信頼ポリシーで ${list(needed)} をすべて許可する必要があります。${list(missing)} が許可されていないため、このロールを使えません。`,
  trustPolicySize: (size, limit, overMax) =>
    overMax
      ? `この信頼ポリシーは空白を除いて ${size.toLocaleString('ja-JP')} 文字あり、クォータを引き上げても使える上限の ${limit.toLocaleString('ja-JP')} 文字を超えています。IAM は拒否します。信頼するプリンシパルを個別に並べるのをやめる（\`aws:PrincipalOrgID\` などの条件なら組織全体を指定できます）か、ロールを分けてください。`
      : `この信頼ポリシーは空白を除いて ${size.toLocaleString('ja-JP')} 文字あり、ロールの信頼ポリシーの既定のクォータ ${limit.toLocaleString('ja-JP')} 文字を超えています。アカウントのクォータを引き上げていない限り（Service Quotas で最大 4,096 文字まで）、IAM は拒否します。`,
  trustUnknownService: (value: string, reason: 'case' | 'not-a-principal' | 'domain' | 'unknown', suggestion?: string) =>
    `${c(value)} はサービスプリンシパルではありません${
      reason === 'case' ? '（サービスプリンシパルは小文字です）' : reason === 'not-a-principal' ? '（`lambda.amazonaws.com` のように書きます）' : reason === 'domain' ? '（サービスプリンシパルは `.amazonaws.com` で終わります）' : ''
    }。どのサービスもこの指定ではロールを引き受けられません。${suggestion ? `${c(suggestion)} のことですか？` : ''}`,
  oidcMissingSubject: (provider: string, key: string) => `${provider} を信頼するこのステートメントには ${c(key)} の条件がありません。${provider === 'GitHub Actions' ? 'GitHub 上のすべてのリポジトリ' : 'そのプロバイダーのすべての ID'}がロールを引き受けられます。${c(key)} を条件に加えてください。`,
  oidcSubjectEverything: (key: string, value: string) => `${c(key)} の ${c(value)} はすべてのサブジェクトに一致します。このプロバイダーを使う誰でもロールを引き受けられます。`,
  oidcBroadSubject: (key: string, value: string) => `${c(key)} の ${c(value)} はオーナー全体かすべてのブランチに一致します。その下のどのリポジトリ・ワークフローからでもロールを引き受けられます。リポジトリとブランチまたは環境を指定してください。`,
  oidcEqualsWildcard: (key: string, operator: string, verdict: 'everything' | 'broad' | 'ok' | 'nothing') =>
    `${c(operator)} は ${c(key)} を文字どおり比較するため、ワイルドカードは一致せず、誰もロールを引き受けられません。${
      verdict === 'nothing' ? '`StringLike` にしても解決しません。GitHub のサブジェクトにこの形のものはありません（`repo:OWNER/REPO:ref:refs/heads/BRANCH`、`…:environment:NAME`、`…:pull_request`）。' : verdict === 'everything' ? 'ただし、単に `StringLike` に変えないでください。変えると、このパターンでは誰でもロールを引き受けられるようになります。リポジトリとブランチを指定してください。' : verdict === 'broad' ? '`StringLike` にするとオーナー全体かすべてのブランチに一致するため、変えるときに絞り込んでください。' : '`StringLike` を使ってください。'
    }`,
  oidcMissingAudience: (provider: string, key: string, value: string) => `${provider} を信頼するこのステートメントには ${c(key)} の条件がありません。AWS STS 向けに発行されたトークンだけを受け付けるよう、\`${key}\` = ${c(value)} を追加してください。`,
  confusedDeputy: (service: string) => `${c(service)} はロールを引き受けるときに \`aws:SourceAccount\` と \`aws:SourceArn\` を送りますが、このステートメントはそれを条件にしていません。別のアカウントの同じサービスのリソースがこのロールを使える可能性があります（混乱した代理問題）。`,
  crossAccountNoExternalId: (account: string) => `アカウント ${c(account)} 全体を \`sts:ExternalId\`（または呼び出し元を限定するほかの条件）なしで信頼しています。このアカウントがサードパーティのものなら、そのサードパーティの顧客は誰でも、このロールを引き受けるようサードパーティに依頼できてしまいます（混乱した代理問題）。`,
  assumeRoleWildcard: '`sts:AssumeRole` がすべてのロールに対して許可されています。この呼び出し元を信頼する任意のアカウントの任意のロールを引き受けられます。ロールを指定してください。',
  assumeRoleNotRole: (value: string) => `${c(value)} は IAM ロールの ARN ではありません。\`sts:AssumeRole\` はロール（\`arn:aws:iam::ACCOUNT:role/NAME\`）にだけ適用されます。`,
  assumeRoleRefName: (logicalId: string) => `ロール \`${logicalId}\` の \`Ref\` が返すのは ARN ではなくロール名です。\`sts:AssumeRole\` には ARN が必要です。\`{"Fn::GetAtt": ["${logicalId}", "Arn"]}\` を使ってください。`,
  assumeRoleRefNotRole: (logicalId: string, type: string) => `\`${logicalId}\` の型は \`${type}\` で、IAM ロールではありません。\`sts:AssumeRole\` はロールにだけ適用されます。`,
  passRoleTrustMismatch: (role: string, passedTo: readonly string[], trusted: readonly string[]) =>
    `ロール ${c(role)} は ${list(passedTo)} に渡せますが、${trusted.length ? `その信頼ポリシーが信頼しているのは ${list(trusted)} です` : 'その信頼ポリシーはどのサービスも信頼していません'}。ロールを渡す操作は成功しても、サービスはロールを引き受けられません。`,
  passRoleTrustMismatchRelated: (role: string) => `${c(role)} の信頼ポリシー。`,
  passRoleTrustUnused: (role: string, service: string) => `ロール ${c(role)} は ${c(service)} を信頼していますが、このテンプレートにもワークスペースのほかの場所にも、このロールを ${c(service)} に渡すことを許可する iam:PassRole がありません。`,
  passRoleTrustUnusedRelated: 'このテンプレートの iam:PassedToService。',

  fixAddActions: (actions) => `${actions.join('、')} を追加する`,
  fixRemoveElement: (element: string) => `${element} を削除する`,
  fixAddOrgId: 'aws:PrincipalOrgID の条件を追加する（プレースホルダー）',
  fixAddSubject: (key: string) => `${key} とオーディエンスの条件を追加する（プレースホルダー）`,
  fixUseStringLike: 'StringLike を使う',
  fixAddAudience: (key: string, value: string) => `${key} = ${value} を追加する`,
  fixAddSourceAccount: 'aws:SourceAccount の条件を追加する（プレースホルダー）',
  fixAddExternalId: 'sts:ExternalId の条件を追加する（プレースホルダー）',
  fixTrustService: (role: string, service: string) => `${role} の信頼ポリシーで ${service} を信頼する`,
  fixPassTo: (service: string) => `代わりに ${service} にロールを渡す`,
};
