// Where each rule's documentation lives (Diagnostic.codeDescription, SARIF helpUri, CLI output).
export const REPOSITORY_URL = 'https://github.com/iam-role-lens/iam-role-lens';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
