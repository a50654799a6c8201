// Fixture texts mark expected ranges inline with « and »; these helpers strip the marks and return the
// marked spans, so a test states exactly where a finding must be.
export interface Marked {
  text: string;
  spans: { offset: number; length: number }[];
}

export const OPEN = '«';
export const CLOSE = '»';

export function stripMarks(marked: string): Marked {
  let text = '';
  const spans: Marked['spans'] = [];
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === OPEN) open.push(text.length);
    else if (ch === CLOSE) {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced » in fixture');
      spans.push({ offset: start, length: text.length - start });
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced « in fixture');
  return { text, spans: spans.sort((a, b) => a.offset - b.offset || a.length - b.length) };
}

/** Puts marks back around spans, for readable assertion failures. */
export function mark(text: string, spans: readonly { offset: number; length: number }[]): string {
  const points: [number, string][] = [];
  for (const s of spans) {
    points.push([s.offset, OPEN]);
    points.push([s.offset + s.length, CLOSE]);
  }
  points.sort((a, b) => b[0] - a[0] || (a[1] === OPEN ? -1 : 1));
  let out = text;
  for (const [at, m] of points) out = out.slice(0, at) + m + out.slice(at);
  return out;
}
