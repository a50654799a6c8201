// Completion for the fuzzer, called as the server calls it: with the analysis of the current version.
import { complete as engineComplete, type Analysis } from '../../server/src/engine';

export function complete(text: string, offset: number, analysis?: Analysis): unknown {
  return engineComplete(text, offset, {}, undefined, analysis);
}
