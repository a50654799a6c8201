// trust の日本語メッセージ。形は trust-en.ts と同じ（コンパイラが検査する）。
import type { TrustMessages } from './trust-en';

export const trustJa: TrustMessages = {};
