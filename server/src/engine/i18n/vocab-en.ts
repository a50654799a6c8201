// English messages of the vocab area. Same shape in vocab-ja.ts, checked by the compiler.
import type { Widen } from './en';

export const vocabEn = {};

export type VocabMessages = Widen<typeof vocabEn>;
