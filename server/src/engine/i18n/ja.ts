// 日本語のメッセージ。用語は AWS の日本語ドキュメントに合わせる（アイデンティティベースのポリシー、
// 信頼ポリシー、ロールを渡す、ロールを引き受ける …）。API 名と JSON の要素名はラテン文字のまま。
import type { CoreMessages } from './en';

const code = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(code).join('、');

export const ja: CoreMessages = {
  jsonError: (what: string) => `JSON として不正です: ${what}。`,
  jsonErrorCodes: {
    InvalidSymbol: '予期しない文字があります',
    InvalidNumberFormat: '数値の形式が不正です',
    PropertyNameExpected: 'ダブルクォートで囲んだプロパティ名が必要です',
    ValueExpected: '値が必要です',
    ColonExpected: 'コロンが必要です',
    CommaExpected: 'カンマが必要です',
    CloseBraceExpected: '閉じ括弧 `}` が必要です',
    CloseBracketExpected: '閉じ角括弧 `]` が必要です',
    EndOfFileExpected: 'トップレベルの値の後には何も書けません',
    InvalidCommentToken: 'コメントは使えません（IAM が拒否します）',
    UnexpectedEndOfComment: 'コメントが閉じられていません',
    UnexpectedEndOfString: '文字列が閉じられていません',
    UnexpectedEndOfNumber: '数値が途中で終わっています',
    InvalidUnicode: 'Unicode エスケープが不正です',
    InvalidEscapeCharacter: 'エスケープ文字が不正です',
    InvalidCharacter: '文字列中の制御文字はエスケープが必要です',
  },
  jsonTrailingComma: 'JSON として不正です: 末尾のカンマは使えません（IAM が拒否します）。',
  jsonComment: 'JSON として不正です: コメントは使えません（IAM が拒否します）。',
  jsonEmpty: 'ドキュメントが空です。IAM ポリシーは `Version` と `Statement` を持つ JSON オブジェクトです。',
  jsonBinary: 'JSON テキストではなくバイナリファイルのため、解析しませんでした。',
  jsonMoreErrors: (n: number) => `…ほかに JSON のエラーが ${n} 件あります。`,
  tooDeep: (depth: number, limit: number, format: string) => `${format} の入れ子が ${limit} 階層を超えています（${depth} 階層以上）。IAM ポリシーの入れ子は数階層なので、このドキュメントは解析しませんでした。`,
  garbled: (errors: number, limit: number, format: string) => `${format} の構文エラーが ${errors.toLocaleString('ja-JP')} 件あります（${limit.toLocaleString('ja-JP')} 件超）。最初のエラーだけを報告し、ポリシーの内容は解析しませんでした。`,
  // hcl-syntax
  hclError: 'HCL として不正です。Terraform はこの部分を読めません（予期しないトークン、またはその前に足りないトークンがあります）。',
  hclMissing: (token: string) => `HCL として不正です。ここに ${token === '}' || token === ']' || token === ')' ? `閉じる \`${token}\`` : `\`${token}\``} がありません。`,
  hclHeredocUnclosed: (marker: string) => `HCL として不正です。このヒアドキュメントが閉じられていません。この後に \`${marker}\` だけの行がないため、Terraform はファイルの残りをすべてその本文として読みます。`,
  hclMoreErrors: (n: number) => `…ほかに HCL のエラーが ${n} 件あります。`,
  hclNotReady: 'Terraform の文法がまだ読み込まれていないため、このファイルは解析していません。',
  // yaml-syntax
  yamlError: (what: string) => `YAML として不正です: ${what}。`,
  yamlMoreErrors: (n: number) => `…ほかに YAML のエラーが ${n} 件あります。`,
  yamlUnknownTag: (tag: string) => `不明なタグ \`${tag}\` です。CloudFormation が知っているのは自身の短縮形（\`!Ref\`、\`!GetAtt\`、\`!Sub\` など）だけで、このテンプレートは拒否されます。値はタグがないものとして読みました。`,
  yamlDuplicateKey: (name: string) => `このマッピングに \`${name}\` が 2 回あります。YAML は重複したキーを禁止しており、CloudFormation はこのテンプレートを拒否します。`,
  yamlAliases: (nodes: number) => `YAML のエイリアスを展開すると ${nodes.toLocaleString('ja-JP')} ノードを超えます（エイリアス爆弾）。このドキュメントは解析しませんでした。`,
  tooLarge: (size: string, limit: string) => `このドキュメントは ${size} で、上限 ${limit}（設定 \`iamRoleLens.maxFileSize\`）を超えているため解析しませんでした。`,

  versionMissing: '`Version` がありません。この場合 IAM は `2008-10-17` を使い、`${aws:username}` などのポリシー変数は文字列のまま扱われます。`"Version": "2012-10-17"` を追加してください。',
  versionOld: '`2008-10-17` は古いポリシー言語です。`${aws:username}` などのポリシー変数が置き換えられません。`2012-10-17` を使ってください。',
  versionInvalid: (v: string) => `\`${v}\` はポリシー言語のバージョンではありません。IAM が受け付けるのは \`2012-10-17\` と \`2008-10-17\` だけです。`,

  notAnObject: 'ポリシードキュメントは JSON オブジェクトでなければなりません。',
  missingStatement: 'ポリシーに `Statement` がありません。何も許可・拒否せず、IAM はこのポリシーを拒否します。',
  statementNotObject: '各ステートメントは JSON オブジェクトでなければなりません。',
  emptyStatementList: '`Statement` が空です。ステートメントのないポリシーは IAM が拒否します。',
  missingEffect: 'ステートメントに `Effect` がありません。`"Effect": "Allow"` か `"Effect": "Deny"` を書いてください。',
  effectInvalid: (v: string) => `\`Effect\` は \`Allow\` か \`Deny\` でなければなりません（\`${v}\` は使えません）。`,
  missingAction: 'ステートメントに `Action` も `NotAction` もありません。',
  bothElements: (a: string, b: string) => `1 つのステートメントに \`${a}\` と \`${b}\` を両方は書けません。`,
  missingResource: 'アクセス許可ポリシーのこのステートメントには `Resource` も `NotResource` もありません。IAM が拒否します。',
  unknownElement: (name: string, where: 'root' | 'statement') =>
    where === 'root' ? `\`${name}\` はポリシーの要素ではありません（使えるのは \`Version\`、\`Id\`、\`Statement\` です）。` : `\`${name}\` はステートメントの要素ではありません（使えるのは \`Sid\`、\`Effect\`、\`Principal\`、\`Action\`、\`Resource\`、\`Condition\` と、それらに \`Not\` を付けた要素です）。`,
  caseElement: (name: string, correct: string) => `\`${name}\` は \`${correct}\` と書く必要があります。IAM の要素名は大文字と小文字を区別します。`,
  duplicateKey: (name: string) => `このオブジェクトに \`${name}\` が 2 回あります。IAM は重複したキーを拒否し、どちらが有効になるかはツールによって異なります。`,
  wrongType: (element: string, expected: string) => `\`${element}\` は${expected}でなければなりません。`,
  typeStringOrList: '文字列または文字列のリスト',
  typeString: '文字列',
  typeObject: 'オブジェクト',
  typeConditionBlock: '条件キーのオブジェクト',
  typePrincipal: '`"*"` またはプリンシパルの種類のオブジェクト（`{"AWS": …}`、`{"Service": …}`、`{"Federated": …}`、`{"CanonicalUser": …}`）',
  principalFormat: (element, value, type) =>
    `\`${element}\` が \`"*"\` 以外の文字列です。IAM は拒否します。プリンシパルはその種類の下に書いてください${type ? `（この場合は \`{"${type}": "${value}"}\`）` : '（`{"AWS": …}`、`{"Service": …}`、`{"Federated": …}`）'}。`,
  principalEmpty: (element) => `\`${element}\` にプリンシパルが 1 つもないため、このステートメントは誰にも適用されません。プリンシパルを指定するか、ステートメントを削除してください。`,
  principalKeyCase: (name, correct) => `\`${name}\` は \`${correct}\` と書く必要があります。プリンシパルの種類は大文字と小文字を区別し、IAM はこのポリシーを拒否します。`,
  principalKeyUnknown: (name, suggestion) =>
    `\`${name}\` はプリンシパルの種類ではありません。IAM が受け付けるのは \`AWS\`、\`Service\`、\`Federated\`、\`CanonicalUser\` で、このポリシーは拒否されます。${suggestion ? `\`${suggestion}\` のことですか？` : ''}`,
  principalUniqueId: (value, kind) =>
    `${code(value)} は${kind === 'role' ? 'ロール' : 'ユーザー'}の ARN ではなく一意の ID です。その${kind === 'role' ? 'ロール' : 'ユーザー'}そのものにしか一致せず、削除して同じ名前で作り直すと ID が変わって一致しなくなります。信頼していた${kind === 'role' ? 'ロール' : 'ユーザー'}が削除されたときも、IAM はこの形で表示します。ARN（\`arn:aws:iam::ACCOUNT:${kind}/NAME\`）を書くか、${kind === 'role' ? 'ロール' : 'ユーザー'}がもうないなら値を削除してください。`,
  principalAwsValue: (value, service) =>
    `${code(value)} は AWS プリンシパルではありません。アカウント ID（\`111122223333\`）、ARN（\`arn:aws:iam::111122223333:role/NAME\`）、\`*\` のいずれかを書いてください。${service ? 'サービスプリンシパルは `Service` の下に書きます。' : ''}`,
  principalFederatedSyntax: (value) =>
    `${code(value)} は IAM が受け付けるフェデレーションのプリンシパルではありません。ID プロバイダーの ARN（\`arn:aws:iam::111122223333:saml-provider/NAME\`、\`arn:aws:iam::111122223333:oidc-provider/HOST\`。ホストに \`https://\` は付けません）か、プロバイダーのドメイン名（\`cognito-identity.amazonaws.com\`）を書いてください。`,
  principalFederatedHere: 'フェデレーションのプリンシパルを信頼できるのはロール（の信頼ポリシー）だけです。ほかのリソースベースのポリシーは `Federated` を拒否します。',

  duplicateSid: (sid: string) => `\`Sid\` \`${sid}\` はこのポリシーの別のステートメントですでに使われています。IAM は重複を拒否します。`,
  duplicateSidFirst: 'この Sid の最初の使用箇所です。',

  identityPrincipal: (element: string) =>
    `アイデンティティベースのポリシーに \`${element}\` は書けません。このポリシーはアタッチされたプリンシパル自身に適用されます。\`Principal\` はリソースベースのポリシー、たとえばロールを引き受けられるのは誰かを定めるロールの信頼ポリシーに書く要素です。信頼ポリシーのつもりでしたか？`,

  passRoleWildcard: (via: 'explicit' | 'wildcard' | 'notAction', pattern: string) =>
    `${via === 'explicit' ? '`iam:PassRole`' : `\`iam:PassRole\`（${code(pattern)} 経由）`} がすべてのロールに対して \`iam:PassedToService\` 条件なしで許可されています。管理者ロールを含む任意のロールを、ロールを受け取る任意のサービスに渡せます。`,
  passRoleNotResource: (how: 'NotResource' | 'NotAction', services: readonly string[]) =>
    how === 'NotResource'
      ? `\`iam:PassRole\` が \`NotResource\` で許可されています。列挙したもの以外、今後作られるロールも含めてすべてのロールを${services.length ? ` ${list(services)} に` : '任意のサービスに'}渡せます。`
      : `\`NotAction\` によって \`iam:PassRole\` がすべてのロールに対して許可されています。任意のロールを${services.length ? ` ${list(services)} に` : '任意のサービスに'}渡せます。`,
  passRoleMissingPts: (via: 'explicit' | 'wildcard' | 'notAction', pattern: string) =>
    `${via === 'explicit' ? '`iam:PassRole`' : `\`iam:PassRole\`（${code(pattern)} 経由）`} に \`iam:PassedToService\` 条件がありません。ロールを受け取るどのサービスにもこれらのロールを渡せます。ロールを渡す先のサービスを指定してください。`,
  ptsShared: (key: string, others: readonly string[], exceptPassRole: boolean) =>
    `\`${key}\` は \`iam:PassRole\` のリクエストにしか存在しないため、この条件があると${others.length ? ` ${list(others)}` : 'ほかのアクション'}${exceptPassRole ? '（`iam:PassRole` 以外）は' : others.length ? ' は' : 'は'}決して許可されません。\`iam:PassRole\` と条件を別のステートメントに分けてください。`,
  ptsInvalid: (value: string, reason: 'case' | 'not-a-principal' | 'domain' | 'unknown', suggestion?: string) =>
    `\`${value}\` はサービスプリンシパルではありません${
      reason === 'case' ? '（サービスプリンシパルは小文字で、大文字と小文字を区別して比較されます）' : reason === 'not-a-principal' ? '（`batch.amazonaws.com` のようにサービスプリンシパルで書きます）' : reason === 'domain' ? '（サービスプリンシパルは `.amazonaws.com` で終わります）' : ''
    }。\`iam:PassedToService\` がこの値と一致することはありません。${suggestion ? `\`${suggestion}\` のことですか？` : ''}`,
  ptsKeyMisspelled: (key: string, suggestion: string) => `\`${key}\` は PassRole のリクエストに含まれる条件キーではなく、IAM は存在しないものとして扱います。\`${suggestion}\` のことですか？`,
  ptsMismatch: (principal: string, action: string) =>
    `このポリシーは \`${principal}\` にロールを渡す必要がある \`${action}\` を許可していますが、\`iam:PassedToService\` に \`${principal}\` がありません。ほかのポリシーで許可されていない限り、ロールを渡す操作は拒否されます。`,
  ptsMismatchRelated: (action: string) => `ここで \`${action}\` が許可されています。`,
  passRoleNotRole: (kind: 'instance-profile' | 'not-role', value: string) =>
    kind === 'instance-profile'
      ? `\`${value}\` はインスタンスプロファイルです。\`iam:PassRole\` はその中のロールに対して評価されるため、このリソースはどの PassRole リクエストにも一致しません。ロールの ARN を指定してください。`
      : `\`${value}\` は IAM ロールの ARN ではありません。\`iam:PassRole\` はロール（\`arn:aws:iam::ACCOUNT:role/NAME\`）にだけ適用されます。`,
  passRoleRefName: (logicalId: string) => `ロール \`${logicalId}\` の \`Ref\` が返すのは ARN ではなくロール名です。\`iam:PassRole\` には ARN が必要です。\`{"Fn::GetAtt": ["${logicalId}", "Arn"]}\` を使ってください。`,
  passRoleRefNotRole: (logicalId: string, type: string) => `\`${logicalId}\` の型は \`${type}\` で、IAM ロールではありません。\`iam:PassRole\` はロールにだけ適用されます。`,
  passRoleInTrust: (action: string) =>
    `${code(action)} は信頼ポリシーに書くものではありません。信頼ポリシーはこのロールを引き受けられる（このロールの権限で操作できる）のは誰かを \`sts:AssumeRole\` で定めます。\`iam:PassRole\` はロールをサービスに渡す側のアイデンティティベースのポリシーに書きます。`,

  fixAddPts: (principals: readonly string[]) => `iam:PassedToService 条件（${principals.join('、')}）を追加する`,
  fixAddPtsSplit: (principals: readonly string[]) => `iam:PassRole を別のステートメントに分けて iam:PassedToService（${principals.join('、')}）を追加する`,
  fixAddPtsPlaceholder: (shape: 'condition' | 'split' | 'deny') =>
    ({
      condition: 'iam:PassedToService 条件を追加する（サービスを選択）',
      split: 'iam:PassRole を別のステートメントに分けて iam:PassedToService を追加する（サービスを選択）',
      deny: 'iam:PassRole を 1 つのサービスに限定する Deny ステートメントを追加する（サービスを選択）',
    })[shape],
  fixAddPtsDeny: (principals: readonly string[]) => `iam:PassRole を ${principals.join('、')} に限定する Deny ステートメントを追加する`,
  fixPickService: '別のサービスの iam:PassedToService を追加する…',
  fixRoleArnPlaceholder: 'ロール ARN（プレースホルダー）に置き換える',
  fixSplit: 'iam:PassRole を別のステートメントに分ける',
  fixReplaceWith: (s: string) => `${s} に置き換える`,
  fixAddValue: (s: string) => `iam:PassedToService に ${s} を追加する`,
  fixInstanceProfile: (arn: string) => `${arn} に置き換える（ロール名がインスタンスプロファイル名と同じと仮定）`,
  fixGetAtt: (logicalId: string) => `Fn::GetAtt ${logicalId}.Arn を使う`,
  fixInsertVersion: '"Version": "2012-10-17" を追加する',
  fixReplaceVersion: '"2012-10-17" に置き換える',
  fixInsertPlaceholder: (element: string) => `${element} を追加する（プレースホルダー）`,
  fixPrincipalType: (type) => `{"${type}": …} の形にする`,
  fixRename: (from: string, to: string) => `${from} を ${to} に変更する`,
  fixInsertEffect: (v: string) => `"Effect": "${v}" を追加する`,
  fixSetEffect: (v: string) => `"${v}" に置き換える`,
  fixRemove: (s: string) => `${s} を削除する`,
  fixAssume: (action: string) => `${action} に置き換える`,
  fixAllTitle: 'IAM Role Lens で自動修正できる問題をすべて修正する',
  showDocs: (id: string) => `${id} のドキュメントを表示する`,
  disableRule: (id: string) => `設定で ${id} をオフにする`,

  statusTemplate: (n: number) => `埋め込みポリシー ${n} 件`,
  statusKindSource: (source: 'forced' | 'context' | 'file-name' | 'content') =>
    ({ forced: '種類は設定で指定', context: '種類は CloudFormation のプロパティから判断', 'file-name': '種類はファイル名から判断', content: '種類はステートメントから判断' })[source],
  indexTitle: 'IAM Role Lens: ロールを読み込んでいます',
  indexFiles: (done: number, total: number) => `${total.toLocaleString('en-US')} ファイル中 ${done.toLocaleString('en-US')}`,
  statusExcluded: '解析していません: iamRoleLens.include/exclude の設定で除外されています。',

  kindName: { identity: 'アイデンティティベースのポリシー', trust: 'ロールの信頼ポリシー', resource: 'リソースベースのポリシー', cloudformation: 'CloudFormation テンプレート', terraform: 'Terraform の構成', unknown: 'IAM ポリシーではありません' },
  kindShort: { identity: 'アイデンティティポリシー', trust: '信頼ポリシー', resource: 'リソースポリシー', cloudformation: 'CloudFormation', terraform: 'Terraform', unknown: 'ポリシー以外' },
};
