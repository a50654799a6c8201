// Completion for the fuzzer, called as the server calls it: with the analysis of the current version.
import { complete as engineComplete, type Analysis, type AnalysisOptions } from '../../server/src/engine';

export function complete(text: string, offset: number, analysis?: Analysis, options: AnalysisOptions = {}): unknown {
  return engineComplete(text, offset, options, undefined, analysis);
}
