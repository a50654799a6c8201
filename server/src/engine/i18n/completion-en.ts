// English messages of the completion area. Same shape in completion-ja.ts, checked by the compiler.
import type { Widen } from './en';

export const completionEn = {};

export type CompletionMessages = Widen<typeof completionEn>;
