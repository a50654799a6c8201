// escalation の日本語メッセージ。形は escalation-en.ts と同じ（コンパイラが検査する）。
import type { EscalationMessages } from './escalation-en';

export const escalationJa: EscalationMessages = {};
