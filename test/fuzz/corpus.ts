// The texts the fuzzer mutates: real policies from the corpus and the rule fixtures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS, FIXTURES, jsonFiles as walk } from '../support/paths';

export function fuzzCorpus(limitManaged = Infinity): string[] {
  const managed = walk(path.join(CORPUS, 'managed-policies')).sort().filter((_, i) => i < limitManaged);
  const others = [...walk(path.join(CORPUS, 'trust-policies')), ...walk(path.join(CORPUS, 'identity-policies')), ...walk(path.join(CORPUS, 'privesc')), ...walk(path.join(FIXTURES, 'rules'))];
  // Larger than ~200 KB only slows every mutation down without exercising anything new.
  return [...managed, ...others].map((f) => fs.readFileSync(f, 'utf8').replace(/[«»]/g, '')).filter((t) => t.length < 200_000);
}
