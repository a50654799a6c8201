// vocab の日本語メッセージ。形は vocab-en.ts と同じ（コンパイラが検査する）。
import type { VocabMessages } from './vocab-en';

export const vocabJa: VocabMessages = {};
