// English messages of the trust area. Same shape in trust-ja.ts, checked by the compiler.
import type { Widen } from './en';

export const trustEn = {};

export type TrustMessages = Widen<typeof trustEn>;
