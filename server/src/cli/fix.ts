// `fix`: applies the preferred fix of every fixable finding (engine fixAll: non-overlapping, repeated until
// nothing changes) and replaces the files (write.ts: atomically, only what was read), or prints them with
// --dry-run (stdin is always printed). Only UTF-8 files are fixed, so that every byte no fix touched stays.
// The inputs are one workspace, as for `check`, so the findings are `check`'s; a fix is applied to its own file
// only (a fix that edits another file, trusting a service in a role's trust policy there, is never preferred).
import { fixAll, readDocuments } from '../engine';
import type { FixOptions } from './args';
import { loadFormatOf, loadFormats, reportCollected, workspaceOf } from './check';
import { collectInputs, describe, megabytes, MAX_INPUT_BYTES, readOrReport } from './inputs';
import { EXIT, type Io } from './io';
import { firstInvalidUtf8, replaceFile } from './write';

export async function fix(o: FixOptions, io: Io): Promise<number> {
  const collected = collectInputs(o.paths, o.stdinFileName ?? '<stdin>');
  if (!reportCollected(collected, io)) return EXIT.usage;
  const { inputs } = collected;
  await loadFormats(o, inputs, io);
  const ws = workspaceOf(o, inputs, io);
  if (!ws) return EXIT.usage;
  const { workspace } = ws;
  const printed = inputs.length > 1;
  let fixedFindings = 0;
  let fixedFiles = 0;
  for (const input of inputs) {
    const content = await readOrReport(input, io);
    if (!content) continue;
    const options = workspace.options(input, content.text);
    await loadFormatOf(content.text, options, io);
    if (content.tooLarge !== undefined) {
      if (options.syntaxErrors === 'all') io.info(`${input.path}: ${megabytes(content.tooLarge)}, over the ${megabytes(MAX_INPUT_BYTES)} limit: not fixed`);
      else if (o.verbose) io.info(`skipped ${input.path}: over the ${megabytes(MAX_INPUT_BYTES)} limit`);
      continue;
    }
    const kind = readDocuments(content.text, options).fileKind;
    const invalid = firstInvalidUtf8(content.bytes);
    // A named file that is not UTF-8 is refused whatever it holds (a UTF-16 policy reads as no policy at all).
    if (invalid !== undefined && (input.explicit || kind !== 'unknown')) {
      const at = invalid + (content.bom ? 3 : 0);
      io.err(`${input.path}: not fixed: not UTF-8 text (the byte 0x${content.raw[at]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${at} is not valid UTF-8); fix rewrites UTF-8 files only`);
      io.failed = true;
      continue;
    }
    if (kind === 'unknown' && input.file !== undefined) {
      if (o.verbose) io.info(`skipped ${input.path}: not a policy or template`);
      continue;
    }
    const result = fixAll(content.text, options, o.onlyRules);
    const changed = result.text !== content.text;
    const done = () => {
      // The files after this one are fixed against what it now says (with --dry-run too, for the same result).
      if (input.file !== undefined) workspace.set(input, result.text);
      fixedFiles++;
      fixedFindings += result.fixed.length;
      const rules = [...new Set(result.fixed.map((f) => f.ruleId))].join(', ');
      io.info(`${input.path}: fixed ${result.fixed.length} (${rules})`);
    };
    if (o.dryRun || input.file === undefined) {
      if (changed) done();
      if (printed) io.out(`==> ${input.path} <==\n`);
      io.out(result.text);
    } else if (changed) {
      try {
        replaceFile(input.file, { raw: content.raw, stat: content.stat! }, Buffer.from((content.bom ? '\uFEFF' : '') + result.text, 'utf8'));
        done();
      } catch (error) {
        io.err(`${input.path}: not fixed: ${describe(error)}`);
        io.failed = true;
      }
    }
  }
  io.info(`${fixedFindings} finding${fixedFindings === 1 ? '' : 's'} fixed in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}${o.dryRun ? ' (dry run: nothing written)' : ''}`);
  return io.failed ? EXIT.usage : EXIT.ok;
}
