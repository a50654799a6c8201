// The engine's public surface, shared by the language server, the CLI and the tests.
export { analyze, analyzeAsync, analyzeRead, readDocuments, DEFAULT_MAX_SIZE, type Analysis, type Result } from './analyze';
export { applyEdits, detectLayout } from './edits';
export { messages, toLocale } from './i18n';
export { iamData, IamData, findDataDir, setIamDataDir } from './iam/data';
export { RULES, ruleById } from './rules';
export type { Rule } from './rules/rule';
export * from './types';
export { fixAll, minimalEdit, preferredEdits } from './fix-all';
export { ruleDocsUrl, REPOSITORY_URL } from './docs';
export { complete, completionDocumentation } from './completion';
