// English messages of the escalation area. Same shape in escalation-ja.ts, checked by the compiler.
import type { Widen } from './en';

export const escalationEn = {};

export type EscalationMessages = Widen<typeof escalationEn>;
