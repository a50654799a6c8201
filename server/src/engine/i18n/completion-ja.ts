// completion の日本語メッセージ。形は completion-en.ts と同じ（コンパイラが検査する）。
import type { CompletionMessages } from './completion-en';

export const completionJa: CompletionMessages = {};
