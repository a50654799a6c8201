// The browser has no garbage collection to call (this file replaces gc.ts in the browser bundles): the
// engine's garbage is collected by the browser's own schedule.

export function exposeGc(): (() => void) | undefined {
  return undefined;
}

export function idleCollector(_gc: (() => void) | undefined, _ms: number): () => void {
  return () => undefined;
}

export function growthCollector(_gc: (() => void) | undefined, _growth: number): { whenGrown: () => void; now: () => void } {
  return { whenGrown: () => undefined, now: () => undefined };
}
