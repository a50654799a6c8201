import * as path from 'node:path';

/** The repository root (tests run from out/test/…). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
/** Real policies written by others (AWS managed policies, AWS documentation, iam-vulnerable); see its README. */
export const CORPUS = path.join(ROOT, 'test', 'corpus');
