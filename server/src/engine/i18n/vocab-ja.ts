// vocab の日本語メッセージ。形は vocab-en.ts と同じ（コンパイラが検査する）。
// 用語は AWS の日本語ドキュメントに合わせる: アクション、条件キー、条件演算子、リソース、ワイルドカード、
// サービスプレフィックス、パーティション、グローバル条件キー。API 名と要素名はラテン文字のまま。
import type { VocabMessages } from './vocab-en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join('、');
const didYouMean = (xs: readonly string[]) =>
  xs.length === 0 ? '' : xs.length === 1 ? `${c(xs[0]!)} のことですか？` : `${list(xs.slice(0, -1))} または ${c(xs[xs.length - 1]!)} のことですか？`;
/** A space between Latin text and Japanese, as AWS's Japanese documentation writes it (`ARN 型`, `IP アドレス型`). */
const sp = (s: string) => (/^[A-Za-z0-9`]/.test(s) ? ` ${s}` : s) + (/[A-Za-z0-9`]$/.test(s) ? ' ' : '');
const valueNames: Record<string, string> = { Bool: 'ブール値', Numeric: '数値', Date: '日付', IPAddress: 'IP アドレス', String: '文字列', ARN: 'ARN', Binary: 'バイナリ値' };
const typeNames: Record<string, string> = { String: '文字列', ARN: 'ARN', Bool: 'ブール値', Numeric: '数値', Date: '日付', IPAddress: 'IP アドレス', Binary: 'バイナリ' };
const fitting: Record<string, string> = {
  String: '`String…` 演算子',
  ARN: '`Arn…` 演算子か `String…` 演算子',
  Bool: '`Bool` 演算子',
  Numeric: '`Numeric…` 演算子',
  Date: '`Date…` 演算子',
  IPAddress: '`IpAddress` / `NotIpAddress` 演算子',
  Binary: '`BinaryEquals` 演算子',
};

export const vocabJa: VocabMessages = {
  uaMessage: (action, kind, service, serviceName, suggestions, dataDate) =>
    ({
      format: `${c(action)} はアクションではありません。IAM のアクションは \`service:ActionName\`（\`s3:GetObject\` など）の形式で書きます。`,
      'too-long': `${c(`${action.slice(0, 60)}…`)}（${action.length} 文字）はアクションではありません。IAM のアクション名はこれほど長くなりません。`,
      service: `${c(service)} は IAM のリファレンスデータ（${dataDate}）にあるサービスプレフィックスではないため、${c(action)} はどのアクションにも一致しません（綴りの誤り、または廃止されたサービス）。`,
      'service-pattern': `${c(service)} に一致するサービスプレフィックスがないため、${c(action)} はどのアクションにも一致しません。`,
      action: `${c(action)} は IAM のリファレンスデータ（${dataDate}）にある ${serviceName ?? c(service)} のアクションではなく、どのアクションにも一致しません（綴りの誤り、または名前が変わったか廃止されたアクション）。`,
      pattern: `${c(action)} は ${serviceName ?? c(service)} のどのアクションにも一致しません。このワイルドカードは何も許可・拒否しません。`,
    })[kind] + didYouMean(suggestions),
  uaFixReplace: (s) => `${s} に置き換える`,

  ckUnknown: (key, reason, prefix, serviceName, suggestions) =>
    ({
      format: `${c(key)} は条件キーではありません。条件キーは \`prefix:name\`（\`aws:SourceIp\`、\`s3:prefix\` など）の形式で書きます。不明な条件キーは、IAM ではリクエストに存在しないものとして扱われます。`,
      service: `プレフィックス ${c(prefix)} の条件キーを定義しているサービスはありません。${c(key)} がリクエストに含まれることはなく、IAM では存在しないものとして扱われます。`,
      key: `${c(key)} は${prefix === 'aws' ? 'グローバル条件キー' : ` ${serviceName ?? c(prefix)} の条件キー`}ではありません。どのリクエストにも含まれず、IAM では存在しないものとして扱われます。`,
    })[reason] + didYouMean(suggestions),
  ckNotApplicable: (key, actions, notAction) =>
    notAction
      ? `この \`NotAction\` ステートメントが対象とするアクションには、${c(key)} を含むものがありません。IAM はこの条件キーを存在しないものとして扱うため、条件が成り立つのは否定の演算子と \`…IfExists\` の場合だけです。`
      : `このステートメントのアクション（${actions.length > 4 ? `${list(actions.slice(0, 3))} ほか ${actions.length - 3} 件` : list(actions)}）はいずれも ${c(key)} をサポートしていません。これらのリクエストにこの条件キーは含まれないため、IAM は存在しないものとして扱い、条件が成り立つのは否定の演算子と \`…IfExists\` の場合だけです。`,
  ckProviderOnly: (key) =>
    `${c(key)} はフェデレーションのサインイントークンのクレームです。これを含むのは \`sts:AssumeRoleWithWebIdentity\` / \`sts:AssumeRoleWithSAML\` のリクエストだけで、それらを許可するのはロールの信頼ポリシーです。ここではこの条件キーは常に存在しません。`,
  redundantAction: (value, by) =>
    value.toLowerCase() === by.toLowerCase() ? `${c(value)} はこのリストにすでにあります。削除しても何も変わりません。` : `${c(value)} はこのリストの ${c(by)} にすでに含まれています。削除しても何も変わりません。`,
  redundantPrincipal: (value, by) =>
    value === by
      ? `${c(value)} はこのリストにすでにあります。削除しても何も変わりません。`
      : by === '*'
        ? `${c(value)} はこのリストの \`*\` にすでに含まれています。削除しても何も変わりません。`
        : `${c(value)} は、このリストにすでにあるロール ${c(by)} のセッションです。ロールはそのセッションも含むため、削除しても何も変わりません。`,
  ckNotFromService: (key, services, positive) =>
    `サービスプリンシパルのリクエストに ${c(key)} が含まれることはありません（サービスは組織のメンバーではなく、タグ、ユーザー名、MFA、ソース ID もありません）。${
      positive ? `この条件は ${list(services)} に対して決して真にならないため、サービスはこのロールを使えません` : `この条件は ${list(services)} に対して常に真で、何も絞り込みません`
    }。サービスのどのリソースが使えるかを限定するには、\`aws:SourceAccount\`、\`aws:SourceArn\`、\`aws:SourceOrgID\` を条件にしてください。`,
  ckSessionAction: (key, action) =>
    `${c(key)} は呼び出し元がセッションに設定するものを表し、それを許可するのは ${c(action)} です。このポリシーのどの Allow ステートメントも ${c(action)} を許可していないため、この条件は書かれたとおりには評価されません。このステートメントのアクションに ${c(action)} を追加してください。`,

  opForAllSingle: (op, key) =>
    `単一の値しか持たない ${c(key)} に ${c(op)} を使っています。\`ForAllValues:\` は条件キーがリクエストにない場合も真になるため、見かけより多くを許可することがあります。\`ForAllValues:\` を削除してください。`,
  opConfirmAudience: (op, key) =>
    `${c(key)} の内容を確認してください。${c(op)} が合うのは、プロバイダーがオーディエンスをリストで送る場合です。GitHub や EKS など多くのプロバイダーはオーディエンスを 1 つだけ送るため、その場合は \`ForAnyValue:\` を付けない演算子にしてください。`,
  opUnknown: (op, suggestions) => `${c(op)} は条件演算子ではありません。IAM はこのポリシーを拒否します。${didYouMean(suggestions)}`,
  opNullModifier: (op) => `\`Null\` には \`…IfExists\` も \`ForAnyValue:\`/\`ForAllValues:\` も付けられないため、IAM は ${c(op)} を拒否します。\`Null\` はそれ自体で条件キーが存在するかどうかを調べます。`,
  opWildcardEquals: (op, key, value, like) =>
    `${c(op)} は文字どおりに比較します。${c(value)} はパターンではないため、${c(key)} が一致するのは値に文字としての \`*\` や \`?\` を含む場合だけです。パターンで比較するには ${c(like)} を使ってください。`,
  opTypeMismatch: (op, key, type) => `${c(key)} は${sp(typeNames[type] ?? type)}型の条件キーです。${c(op)} では正しく比較できません（${fitting[type] ?? `${c(type)} `}を使ってください）。`,
  opValueMismatch: (op, value, family) =>
    `${c(value)} は${sp(valueNames[family] ?? family)}ではないため、${c(op)} で一致することはありません${family === 'Bool' ? '（`true` または `false` と書きます）' : family === 'IPAddress' ? '（IPv4 または IPv6 のアドレスか CIDR 範囲を書きます）' : family === 'Date' ? '（`2026-01-31T00:00:00Z` のような ISO 8601 の日付か、エポック秒を書きます）' : ''}。`,
  opFixRename: (from, to) => `${from} を ${to} に変更する`,
  opFixMerge: (from, to) => `${from} のキーを既存の ${to} ブロックに移す`,
  opFixMove: (key, from, to) => `${key} を ${from} ではなく ${to} で比較する`,

  arnNotArn: (value, where) =>
    where === 'resource'
      ? `${c(value)} は ARN ではありません。\`Resource\` には ARN（\`arn:partition:service:region:account:resource\`）か \`*\` を指定します。それ以外は IAM が拒否します。`
      : `${c(value)} は ARN ではないため、ARN の条件演算子とは一致しません。\`arn:partition:service:region:account:resource\` の形式で書くか、\`String…\` 演算子を使ってください。`,
  arnFields: (value, count) => `${c(value)} のフィールドは ${count} 個です。ARN は \`arn:partition:service:region:account:resource\` の 6 個のフィールドからなります（空のフィールドも \`arn:aws:s3:::bucket\` のようにコロンを残します）。`,
  arnPartition: (value) => `${c(value)} は AWS のパーティションではありません。\`aws\`、\`aws-cn\`、\`aws-us-gov\`、\`aws-iso\`、\`aws-iso-b\`、\`aws-iso-e\`、\`aws-iso-f\`、\`aws-eusc\`（または \`\${AWS::Partition}\`）を使ってください。`,
  arnAccount: (value) => `${c(value)} はアカウント ID ではありません。アカウント ID は 12 桁の数字です（ワイルドカードとポリシー変数は使えます。AWS が所有するリソースでは \`aws\`）。`,
  arnRegion: (value, service, serviceName) =>
    `${serviceName ?? c(service)} はグローバルサービスで、その ARN のリージョンは空です。リージョンに ${c(value)} を指定しているため、この ARN はどのリソースにも一致しません。\`arn:aws:${service}::…\` と書いてください。`,
  arnResourceType: (value, service, serviceName, suggestions) =>
    `${c(value)} は ${serviceName ?? c(service)} のリソースタイプではないため、この ARN はどのリソースにも一致しません（リソースタイプは文字どおりに比較されます）。${didYouMean(suggestions)}`,
  arnResourceSeparator: (separator, service, serviceName, known) =>
    `リソース部分が ${c(separator)} で始まっていますが、${serviceName ?? c(service)} の ARN はすべてリソースタイプ（${known.length > 6 ? `${list(known.slice(0, 6))} など` : list(known)}）で始まるため、この ARN はどのリソースにも一致しません。API のパスを書いたか、コロンが重複していませんか？`,
  arnPrincipalWildcard: (value) =>
    `プリンシパルの ARN にはワイルドカードを使えないため、IAM は ${c(value)} を拒否します。プリンシパルを具体的に指定するか、\`"*"\` とパターンを使える \`aws:PrincipalArn\` の条件を組み合わせてください。`,
  arnPrincipalType: (value) =>
    `${c(value)} はプリンシパルではありません。\`AWS\` プリンシパルに指定できるのは、アカウント、ユーザー、ロール、ロールセッションです（\`…:root\`、\`…:user/NAME\`、\`…:role/NAME\`、\`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION\`）。`,
};
