// 日本語: ロールの受け渡し（リソースのプロパティでサービスにロールを渡すこと）と、ファイルをまたいだ信頼ポリシー・
// 受け渡し・iam:PassRole の結び付きのメッセージ。roles-en.ts と同じ形。
import type { RolesMessages } from './roles-en';

const c = (s: string) => `\`${s}\``;
const list = (xs: readonly string[]) => xs.map(c).join('、');
const where = (file: string | undefined) => (file ? `（${file}）` : '');

export const rolesJa: RolesMessages = {
  handoffTrustMismatch: (role, principals, label, trusted) =>
    `${c(label)} はロール ${c(role)} を ${list(principals)} に渡しますが、このロールの信頼ポリシーは${principals.length > 1 ? 'いずれも' : 'それを'}信頼していません${trusted.length ? `（信頼しているのは ${list(trusted)}）` : ''}。サービスはロールを引き受けられず、デプロイまたはサービスが失敗します（「サービスが引き受けられない」エラー）。`,
  handoffTrustMismatchInfo: (role, principals, label, file) => `ロール ${c(role)} は ${c(label)}${where(file)} によって ${list(principals)} に渡されますが、この信頼ポリシーはそれを信頼していません。`,
  handoffTrustRelated: (role) => `${c(role)} の信頼ポリシー。`,
  handoffRelated: (label) => `${label} がここでロールを渡します。`,
  passRoleTrustMismatchInfo: (role, services, label, file) => `ロール ${c(role)} は ${c(label)}${where(file)} によって ${list(services)} に渡すことができますが、この信頼ポリシーはそれを信頼していません。`,
  grantRelated: 'このロールへの iam:PassRole と iam:PassedToService。',
  refNameForArn: (id, property) => `${c('Ref ' + id)} はロールの名前を返しますが、${c(property)} にはロールの ARN が必要です。${c(`Fn::GetAtt ${id}.Arn`)} を使ってください。`,
  refArnForName: (id, property) => `${c(property)} にはロールの名前が必要ですが、これは ARN です。${c('Ref ' + id)} を使ってください。`,
  roleForProfile: (id, property, profile) => `${c(id)} はロールですが、${c(property)} にはインスタンスプロファイルが必要です${profile ? `。インスタンスプロファイル ${c(profile)} がこのロールを持っています` : '。このロールを持つ AWS::IAM::InstanceProfile を作成して、ここで指定してください'}。`,
  profileForRole: (id, property, role) => `${c(id)} はインスタンスプロファイルですが、${c(property)} にはロールが必要です${role ? `。このプロファイルのロールは ${c(role)} です` : ''}。`,
  profileRefForArn: (id, property) => `${c('Ref ' + id)} はインスタンスプロファイルの名前を返しますが、${c(property)} には ARN が必要です。${c(`Fn::GetAtt ${id}.Arn`)} を使ってください。`,
  profileArnForName: (id, property) => `${c(property)} にはインスタンスプロファイルの名前が必要ですが、これは ARN です。${c('Ref ' + id)} を使ってください。`,
  notARole: (id, type, property) => `${c(id)} は ${c(type)} であり、ロールではありません。${c(property)} にはロールが必要です。`,
  nameForArn: (name, property) => `${c(name)} はロールの名前ですが、${c(property)} にはロールの ARN が必要です。`,
  profileArnForRole: (property) => `これはインスタンスプロファイルの ARN ですが、${c(property)} にはロールの ARN が必要です。`,
  roleArnForProfile: (property) => `これはロールの ARN ですが、${c(property)} にはインスタンスプロファイルが必要です。`,
  fixUseGetAtt: (id) => `Fn::GetAtt ${id}.Arn を使う`,
  fixUseRef: (id) => `Ref ${id} を使う`,
  fixUseProfile: (id) => `インスタンスプロファイル ${id} を使う`,
  fixUseRole: (id) => `ロール ${id} を使う`,
  fixRoleArnFromName: (name) => `ロール ${name} の ARN を書く`,
  tfNameForArn: (what, written, property, use) =>
    `${c(written)} は${what === 'role' ? 'ロール' : 'インスタンスプロファイル'}の名前ですが、${c(property)} には ARN が必要です。${c(use)} を使ってください。`,
  tfArnForName: (what, written, property, use) =>
    `${c(written)} は${what === 'role' ? 'ロール' : 'インスタンスプロファイル'}の ARN ですが、${c(property)} には名前が必要です。${c(use)} を使ってください。`,
  tfRoleForProfile: (id, property, profile) =>
    `${c(id)} はロールですが、${c(property)} にはインスタンスプロファイルが必要です${profile ? `。インスタンスプロファイル ${c(profile)} がこのロールを持っています` : '。このロールを持つ aws_iam_instance_profile を作成して、ここで指定してください'}。`,
  tfNotWhatItTakes: (id, type, property, what) =>
    `${c(id)} は ${c(type)} であり、${what === 'role' ? 'ロール' : 'インスタンスプロファイル'}ではありません。${c(property)} には${what === 'role' ? 'ロール' : 'インスタンスプロファイル'}が必要です。`,
  tfOtherArn: (property, what) => `この ARN はロールでもインスタンスプロファイルでもありませんが、${c(property)} には${what === 'role' ? 'ロール' : 'インスタンスプロファイル'}が必要です。`,
  fixUseReference: (expression) => `${expression} を使う`,
  fixTrustIn: (role, service, file) => `${role} の信頼ポリシーで ${service} を信頼する${file ? `（${file}）` : ''}`,
};
