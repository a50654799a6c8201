// The files of one run as one workspace. Every input (and every file `--roles` names) is read into the index
// before any is analysed: the index keeps what each file says about roles (roles and their trust policies,
// hand-offs, PassRole grants, exports, where its lines start), not its tree, and each analysis then follows a
// role into another file through it. Standard input is not part of it: it is checked alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDocuments, type Analysis, type AnalysisOptions } from '../engine';
import { isEmptyFacts, WorkspaceIndex, type FileFacts } from '../engine/workspace';
import type { RoleFile } from './args';
import { describe, readFileInput, type Input } from './inputs';

/** How many characters of text the analyses kept from indexing may hold together (see `kept`). */
const KEPT_TEXT = 1 << 20;

export class CliWorkspace {
  readonly index: WorkspaceIndex;
  /** Inputs by the path they are reported (and indexed) by. */
  private readonly byPath = new Map<string, Input>();
  /**
   * Files read while indexing, kept for their analysis so it does not parse them again: a run of one file
   * (the tree is needed next anyway), else the first files up to `KEPT_TEXT` characters together (trees of
   * many files would be the memory the index saves).
   */
  private readonly kept = new Map<string, Analysis>();
  private keptChars = 0;
  private keepAll = false;

  /**
   * `base`: the analysis options of an input without the workspace (as `check` gives them);
   * `roles`: `--roles`, by absolute path.
   */
  constructor(
    private readonly base: (input: Input, text: string) => AnalysisOptions,
    private readonly roles: ReadonlyMap<string, RoleFile>,
  ) {
    this.index = new WorkspaceIndex({ load: (file) => this.load(file) });
  }

  /** The role `--roles` says a file stands for. */
  private roleOf(input: Input): string | undefined {
    if (input.file === undefined || this.roles.size === 0) return undefined;
    return this.roles.get(path.resolve(input.file))?.role;
  }

  /** An input's analysis options: its role (`--roles`) and, but for standard input, the workspace. */
  options(input: Input, text: string): AnalysisOptions {
    const o = this.own(input, text);
    if (input.file !== undefined) o.workspace = this.index;
    return o;
  }

  /** The options without the workspace: what the index reads a file with. */
  private own(input: Input, text: string): AnalysisOptions {
    const o = this.base(input, text);
    const role = this.roleOf(input);
    if (role !== undefined) o.roleName = role;
    return o;
  }

  /**
   * The files `--roles` names that are not among the inputs: read into the workspace too (not reported).
   * A file that does not exist, or a folder, is an error line each (the run ends: exit 2).
   */
  roleFiles(inputs: readonly Input[]): { extra: Input[]; errors: string[] } {
    const given = new Set(inputs.flatMap((i) => (i.file === undefined ? [] : [path.resolve(i.file)])));
    const extra: Input[] = [];
    const errors: string[] = [];
    for (const [key, r] of this.roles) {
      const named = `named by --roles ${r.role}=${r.path}`;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(r.path);
      } catch (error) {
        errors.push(`${r.path}: ${describe(error)} (${named})`);
        continue;
      }
      if (stat.isDirectory()) errors.push(`${r.path}: is a folder, not a trust-policy file (${named})`);
      else if (!given.has(key)) extra.push({ path: r.path, file: r.path, explicit: true });
    }
    return { extra, errors };
  }

  /**
   * Reads every file input into the index. Standard input, files that cannot be read and files over the size
   * limit are left out (the analysis reports those); a file that says nothing about roles is not kept.
   */
  indexAll(inputs: readonly Input[]): void {
    this.keepAll = inputs.filter((i) => i.file !== undefined).length === 1;
    for (const input of inputs) {
      if (input.file === undefined) continue;
      let text: string;
      try {
        const content = readFileInput(input.file, input.explicit);
        if (content.tooLarge !== undefined) continue;
        text = content.text;
      } catch {
        continue;
      }
      this.set(input, text);
    }
  }

  /**
   * Reads (or reads again, after a fix) one input's text into the index, and returns what it says. Standard
   * input only when asked (`graph`: a map of what it reads); `check` and `fix` analyse it alone.
   */
  set(input: Input, text: string): FileFacts | undefined {
    this.byPath.set(input.path, input);
    // Read as the index reads a file: without the workspace (its facts are its own), under its path.
    const own = this.own(input, text);
    const analysis = readDocuments(text, { ...own, fileName: own.fileName ?? input.path });
    this.index.setRead(input.path, analysis);
    this.kept.delete(input.path);
    if (!analysis.skipped && (this.keepAll || this.keptChars + text.length <= KEPT_TEXT)) {
      this.kept.set(input.path, analysis);
      if (!this.keepAll) this.keptChars += text.length;
    }
    const facts = this.index.facts(input.path);
    if (facts && isEmptyFacts(facts)) this.index.delete(input.path);
    return facts;
  }

  /**
   * The analysis of an input read while indexing, when its text is still `text`: given `options` (the input's,
   * with the workspace) and handed over once.
   */
  takeRead(input: Input, text: string, options: AnalysisOptions): Analysis | undefined {
    const analysis = this.kept.get(input.path);
    if (!analysis) return undefined;
    this.kept.delete(input.path);
    if (!this.keepAll) this.keptChars -= analysis.text.length;
    if (analysis.text !== text) return undefined;
    analysis.options = options;
    return analysis;
  }

  /** Another file's text and options, for a fix that edits it (none when it cannot be read now). */
  private load(file: string): { text: string; options: AnalysisOptions } | undefined {
    const input = this.byPath.get(file);
    if (input?.file === undefined) return undefined;
    try {
      const content = readFileInput(input.file, input.explicit);
      return content.tooLarge === undefined ? { text: content.text, options: this.own(input, content.text) } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Line and character (0-based) of an offset in an indexed file. */
  positionAt(file: string, offset: number): { line: number; character: number } | undefined {
    return this.index.positionAt(file, offset);
  }
}
