import { en, type Messages } from './en';
import { ja } from './ja';
import type { Locale } from '../types';

export type { Messages };

export function messages(locale: Locale | undefined): Messages {
  return locale === 'ja' ? ja : en;
}

/** `ja`, `ja-JP`, `ja_JP.UTF-8` → ja; everything else → en. */
export function toLocale(tag: string | undefined): Locale {
  return tag && /^ja(?:$|[-_.@])/i.test(tag) ? 'ja' : 'en';
}
