// Messages by area (core rules, trust policies, IAM vocabulary, escalation paths, completion), each in
// English and Japanese with the same shape; `messages(locale)` merges them.
import { en, type CoreMessages } from './en';
import { ja } from './ja';
import { trustEn, type TrustMessages } from './trust-en';
import { trustJa } from './trust-ja';
import { vocabEn, type VocabMessages } from './vocab-en';
import { vocabJa } from './vocab-ja';
import { escalationEn, type EscalationMessages } from './escalation-en';
import { escalationJa } from './escalation-ja';
import { completionEn, type CompletionMessages } from './completion-en';
import { completionJa } from './completion-ja';
import { rolesEn, type RolesMessages } from './roles-en';
import { rolesJa } from './roles-ja';
import type { Locale } from '../types';

export type Messages = CoreMessages & TrustMessages & VocabMessages & EscalationMessages & CompletionMessages & RolesMessages;

const EN: Messages = { ...en, ...trustEn, ...vocabEn, ...escalationEn, ...completionEn, ...rolesEn };
const JA: Messages = { ...ja, ...trustJa, ...vocabJa, ...escalationJa, ...completionJa, ...rolesJa };

export function messages(locale: Locale | undefined): Messages {
  return locale === 'ja' ? JA : EN;
}

/** `ja`, `ja-JP`, `ja_JP.UTF-8` → ja; everything else → en. */
export function toLocale(tag: string | undefined): Locale {
  return tag && /^ja(?:$|[-_.@])/i.test(tag) ? 'ja' : 'en';
}
