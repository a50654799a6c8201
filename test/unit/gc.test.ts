// The analysis worker's collector after a stopped analysis: a full collection only once the heap has grown by
// the given factor since the last one it made, so typing does not pay one before every version.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { growthCollector } from '../../server/src/lsp/gc';

test('collects at the first call, then only once the heap has grown by the factor', () => {
  let collections = 0;
  const collector = growthCollector(() => collections++, 1.5);
  collector.whenGrown();
  assert.equal(collections, 1, 'nothing measured yet: collected');
  collector.whenGrown();
  assert.equal(collections, 1, 'the heap has not grown: not collected');
  // Kept alive until the end of the test: the heap grows past half again what it was.
  const used = v8.getHeapStatistics().used_heap_size;
  const kept: number[][] = [];
  while (v8.getHeapStatistics().used_heap_size < used * 1.6) kept.push(Array.from({ length: 100_000 }, (_, i) => i + 0.5));
  collector.whenGrown();
  assert.equal(collections, 2, 'grown by more than half: collected');
  collector.whenGrown();
  assert.equal(collections, 2);
  collector.now();
  assert.equal(collections, 3, '`now` always collects');
  assert.ok(kept.length > 0);
});

