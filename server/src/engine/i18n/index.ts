import { en, type Messages } from './en';
import { ja } from './ja';
import type { Locale } from '../types';

export type { Messages };

export function messages(locale: Locale | undefined): Messages {
  return locale === 'ja' ? ja : en;
}

/** `ja`, `ja-JP` → ja; everything else → en. */
export function toLocale(tag: string | undefined): Locale {
  return tag && /^ja\b/i.test(tag) ? 'ja' : 'en';
}
