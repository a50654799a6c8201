// Condition operators as a vocabulary: every operator IAM accepts, the closest one to a misspelling, and
// which key types each operator family compares (shared by the condition-operator rule and the hovers).
import { editDistance } from '../util';
import type { KeyType } from './condition-keys';
import { BASE_OPERATORS } from './conditions';

/** Every operator IAM accepts: the base operators with `ForAnyValue:`/`ForAllValues:` and `…IfExists` (not Null). */
export const ALL_OPERATORS: readonly string[] = BASE_OPERATORS.flatMap((b) =>
  b === 'Null' ? [b] : ['', 'ForAnyValue:', 'ForAllValues:'].flatMap((set) => [`${set}${b}`, `${set}${b}IfExists`]),
);

/** The accepted operators closest to an unknown one (case-insensitive), all at the best distance. */
export function closeOperators(text: string): { candidates: string[]; distance: number } {
  const lower = text.toLowerCase();
  const limit = Math.max(2, Math.floor(text.length / 5));
  let best = limit + 1;
  let candidates: string[] = [];
  for (const op of ALL_OPERATORS) {
    const d = editDistance(lower, op.toLowerCase(), limit);
    if (d < best) {
      best = d;
      candidates = [op];
    } else if (d === best) candidates.push(op);
  }
  return best <= limit ? { candidates, distance: best } : { candidates: [], distance: best };
}

export type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN';

/** The family of a base operator (`StringNotLike` → String), undefined for Null. */
export function familyOf(base: string): Family | undefined {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base === 'Bool') return 'Bool';
  if (base === 'BinaryEquals') return 'Binary';
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'IPAddress';
  if (base.startsWith('Arn')) return 'ARN';
  return undefined;
}

/**
 * Whether an operator family can compare a key of this type. String operators compare ARN keys (IAM
 * recommends the ARN operators, but the strings compare fine) and ARN operators compare String keys that
 * hold ARNs (the data types many such keys as String). `aws:EpochTime` is both a date and a number.
 * BinaryEquals compares base64 text: no key of the data is Binary, so there is nothing to hold it to.
 */
export function familyFits(family: Family, type: KeyType, key: string): boolean {
  if (family === type || family === 'Binary') return true;
  if (family === 'String' && type === 'ARN') return true;
  if (family === 'ARN' && type === 'String') return true;
  return family === 'Numeric' && type === 'Date' && key.toLowerCase() === 'aws:epochtime';
}

/** The key types an operator family compares, for the hover. */
export function familyTypes(family: Family): KeyType[] {
  if (family === 'String') return ['String', 'ARN'];
  if (family === 'ARN') return ['ARN', 'String'];
  return [family];
}
