// Full garbage collections once the server is idle after a large analysis: each analysis of a 1 MB
// template leaves tens of megabytes behind, and V8 otherwise keeps growing the heap instead. Shared by the
// server thread and the analysis worker.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Node's `gc()`, enabled at run time (editors start the server without V8 flags); undefined if refused. */
export function exposeGc(): (() => void) | undefined {
  const gc = rawGc();
  return gc ? () => gc() : undefined;
}

/**
 * A full collection only once the heap has grown by `growth` times what the last one left: garbage is freed
 * before the heap balloons, without paying a collection (hundreds of ms on a 5 MB template) every time.
 * Returns the collector to call when garbage was made, and the one to call unconditionally.
 */
export function growthCollector(gc: (() => void) | undefined, growth: number): { whenGrown: () => void; now: () => void } {
  let left = 0;
  const now = () => {
    if (!gc) return;
    gc();
    left = v8.getHeapStatistics().used_heap_size;
  };
  return {
    now,
    whenGrown: () => {
      if (gc && (left === 0 || v8.getHeapStatistics().used_heap_size > left * growth)) now();
    },
  };
}

function rawGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** A function that schedules one collection `ms` after its last call (nothing without `gc`). */
export function idleCollector(gc: (() => void) | undefined, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (!gc) return;
    clearTimeout(timer);
    timer = setTimeout(gc, ms);
    timer.unref();
  };
}

/** The V8 flag every Node process of the product analyses with: the server, its worker, the CLI (bin/iam-role-lens.js). */
export const NO_PRETENURING = '--no-allocation-site-pretenuring';

/**
 * No allocation-site pretenuring. V8 makes the objects of an allocation site (an object literal) directly in
 * the old generation once most of them have outlived a young-generation collection. The first analyses of a
 * process load the IAM data while a policy's tree is alive, so the tree's nodes outlive a collection or two,
 * and V8 decided to make every later tree's nodes in the old generation, where only full collections free
 * them: over the managed policies the engine then spent a third of its time collecting (measured with
 * `--trace-gc`: 1.7 s of scavenges and mark-compacts in 11 passes, 0.23 s without pretenuring). Trees die
 * young: the flag keeps them in the young generation. Flags are process-wide, so the worker has it too.
 */
export function noPretenuring(): void {
  try {
    v8.setFlagsFromString(NO_PRETENURING);
  } catch {
    // A runtime that refuses flags keeps its defaults.
  }
}

/**
 * How V8 sizes the heap. `lean` while the server reads only small documents on its own thread: the young
 * generation keeps its first size and the old generation grows by a fifth at a time, so a day of opening
 * policies stays near 110 MB instead of growing to 200 MB of mostly garbage (about the same speed on small
 * documents). `throughput` while the analysis worker runs: a 5 MB template allocates hundreds of megabytes,
 * and with both lean settings it takes half as long again. Flags are process-wide; the worker reads them
 * when it starts, so the server switches before it starts the worker and back once the worker has stopped.
 */
let heapMode: 'default' | 'lean' | 'throughput' = 'default';

export function heapProfile(mode: 'lean' | 'throughput'): void {
  // Only a server that asked for `lean` at start switches; tests and tools keep V8's defaults.
  if (heapMode === 'default' && mode === 'throughput') return;
  if (heapMode === mode) return;
  try {
    v8.setFlagsFromString(mode === 'lean' ? '--semi-space-growth-factor=1' : '--semi-space-growth-factor=2');
    v8.setFlagsFromString(mode === 'lean' ? '--heap-growing-percent=20' : '--heap-growing-percent=0');
    heapMode = mode;
  } catch {
    // A runtime that refuses flags keeps its defaults.
  }
}
