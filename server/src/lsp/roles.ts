// The language server's role index: every file of the workspace that says something about roles (a role and
// its trust policy, a hand-off, a PassRole grant, an export), read once in the background and kept current
// from the editor's text for open documents and from file events for the others. The engine's WorkspaceIndex
// joins them; this layer decides what is read, when, and which open documents an update concerns.
import { readDocuments, type Analysis, type AnalysisOptions } from '../engine';
import { factsOf, WorkspaceIndex, type FileFacts } from '../engine/workspace';
import type { WorkspaceFiles } from './workspace-files';

/** Files larger than this are not read into the index (their own checks still run when they are opened). */
export const INDEX_MAX_BYTES = 256 * 1024;
/** At most this many files per workspace folder are considered. */
export const INDEX_MAX_FILES = 20_000;
/** Folders never entered: dependencies, version control, Terraform's provider cache. */
const PRUNED = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', '.terragrunt-cache', '.venv', '__pycache__']);

/** Text that may say something about roles: a policy, a template, Terraform. Others are not parsed. */
const MAY_NAME_ROLES = /Statement|AWS::|aws_|Serverless/;

/** How an update changed what a file says: nothing, only where things are, or what they are. */
export type Change = 'none' | 'places' | 'facts';

/** What a file says, without its places (spans, line starts): two versions equal here mean the same roles. */
function signature(facts: FileFacts | undefined, withPlaces: boolean): string {
  if (!facts) return '';
  const drop = withPlaces ? new Set(['lineStarts']) : new Set(['lineStarts', 'span', 'anchor']);
  return JSON.stringify({ roles: facts.roles, uses: facts.uses, exports: [...facts.exports] }, (k, v: unknown) => (drop.has(k) ? undefined : v));
}

const isEmpty = (f: FileFacts) => f.roles.length === 0 && f.uses.length === 0 && f.exports.size === 0;

export interface IndexSource {
  /** Where files are read from (none: only open documents are indexed). */
  files: WorkspaceFiles | undefined;
  /** An open document's text and analysis options, by its file name (the index key). */
  open: (file: string) => { text: string; options: AnalysisOptions } | undefined;
  /** The analysis options of a file that is not open, and whether settings include it. */
  optionsFor: (file: string) => Promise<{ options: AnalysisOptions; included: boolean; maxBytes: number }>;
  /** Resolves once every front end can read (Terraform's parser is loaded asynchronously). */
  ready: () => Promise<void>;
}

export interface IndexProgress {
  begin(total: number): void;
  report(done: number, total: number): void;
  end(): void;
}

export class ServerRoles {
  readonly index: WorkspaceIndex;
  /** Files the editor has open: their text, not the disk's, is what the index says. */
  private readonly openFiles = new Set<string>();
  private run = 0;
  indexing = false;

  constructor(private readonly source: IndexSource) {
    this.index = new WorkspaceIndex({ load: (file) => this.load(file) });
  }

  get files(): number {
    return this.index.size;
  }

  /** A file's text and options, for a fix that edits it: the editor's text when open, else the disk's. */
  private load(file: string): { text: string; options: AnalysisOptions } | undefined {
    const open = this.source.open(file);
    if (open) return open;
    const text = this.source.files?.readSync(file, INDEX_MAX_BYTES);
    if (text === undefined) return undefined;
    return { text, options: { fileName: file } };
  }

  /** Replaces what the index says of a file; says how that changed it and which files it concerns. */
  private put(file: string, facts: FileFacts | undefined): { change: Change; related: string[] } {
    const before = this.index.facts(file);
    const related = new Set(before ? this.index.related(file) : []);
    const keep = facts && !isEmpty(facts) ? facts : undefined;
    if (keep) this.index.setFacts(file, keep);
    else this.index.delete(file);
    if (keep) for (const f of this.index.related(file)) related.add(f);
    const change: Change = signature(before, false) !== signature(keep, false) ? 'facts' : signature(before, true) !== signature(keep, true) ? 'places' : 'none';
    return { change, related: [...related] };
  }

  /** An open document as analysed: its facts from that analysis (no second parse). */
  opened(file: string, analysis: Analysis): { change: Change; related: string[] } {
    this.openFiles.add(file);
    return this.put(file, analysis.skipped ? undefined : factsOf(file, analysis));
  }

  /** An open document the index does not follow (excluded, or too large for this thread). */
  openedWithout(file: string): { change: Change; related: string[] } {
    this.openFiles.add(file);
    return this.put(file, undefined);
  }

  /** A document closed (or a file changed on disk): what the disk says now, or nothing. */
  async closed(file: string): Promise<{ change: Change; related: string[] }> {
    this.openFiles.delete(file);
    return this.reread(file);
  }

  /** A file created, changed or deleted outside the editor. Open documents keep the editor's text. */
  async changedOnDisk(file: string): Promise<{ change: Change; related: string[] }> {
    if (this.openFiles.has(file)) return { change: 'none', related: [] };
    return this.reread(file);
  }

  private async reread(file: string): Promise<{ change: Change; related: string[] }> {
    const facts = await this.readFile(file);
    if (this.openFiles.has(file)) return { change: 'none', related: [] }; // opened meanwhile
    return this.put(file, facts);
  }

  private async readFile(file: string): Promise<FileFacts | undefined> {
    const read = await this.readText(file);
    return read && (await this.factsOf(file, read.text, read.options));
  }

  /** The text of a file settings include, when it may say something about roles. */
  private async readText(file: string): Promise<{ text: string; options: AnalysisOptions } | undefined> {
    const files = this.source.files;
    if (!files) return undefined;
    const { options, included, maxBytes } = await this.source.optionsFor(file);
    if (!included) return undefined;
    const text = await files.read(file, Math.min(maxBytes, INDEX_MAX_BYTES));
    return text !== undefined && MAY_NAME_ROLES.test(text) ? { text, options } : undefined;
  }

  private async factsOf(file: string, text: string, options: AnalysisOptions): Promise<FileFacts | undefined> {
    if (/\.tf$/i.test(file)) await this.source.ready();
    const analysis = readDocuments(text, { ...options, fileName: file });
    return analysis.skipped ? undefined : factsOf(file, analysis);
  }

  /**
   * Reads every file of the folders into the index, giving the event loop back every few milliseconds so
   * requests are answered meanwhile. A new call (settings changed) stops the one running.
   */
  async indexFolders(folders: readonly string[], progress: IndexProgress, log: (message: string) => void): Promise<boolean> {
    const files = this.source.files;
    if (!files || folders.length === 0) return false;
    const run = ++this.run;
    this.indexing = true;
    const stale = () => run !== this.run;
    try {
      const all: string[] = [];
      for (const folder of folders) {
        const listed = await files.list(folder, (dir) => PRUNED.has(dir.slice(dir.lastIndexOf('/') + 1)), INDEX_MAX_FILES);
        if (stale()) return false;
        if (listed.truncated) log(`IAM role index: only the first ${INDEX_MAX_FILES} files of ${folder} are read`);
        all.push(...listed.files);
      }
      progress.begin(all.length);
      let last = Date.now();
      // Files are read a batch at a time (the reads overlap) and parsed one by one.
      const BATCH = 16;
      for (let start = 0; start < all.length; start += BATCH) {
        const batch = all.slice(start, start + BATCH).filter((f) => !this.openFiles.has(f));
        const texts = await Promise.all(batch.map((f) => this.readText(f)));
        if (stale()) return false;
        for (let i = 0; i < batch.length; i++) {
          const file = batch[i]!;
          const read = texts[i];
          const facts = read && (await this.factsOf(file, read.text, read.options));
          // Which open documents this concerns is not asked here (that would join the whole index for
          // each file): they are all analysed again once the workspace is read.
          if (this.openFiles.has(file)) continue;
          if (facts && !isEmpty(facts)) this.index.setFacts(file, facts);
          else this.index.delete(file);
        }
        if (Date.now() - last > 10) {
          progress.report(Math.min(start + BATCH, all.length), all.length);
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
          if (stale()) return false;
          last = Date.now();
        }
      }
      return true;
    } finally {
      if (!stale()) this.indexing = false;
      progress.end();
    }
  }

  /** Forgets the files not open (before indexing again with other settings). */
  clearClosed(): void {
    this.run++;
    this.indexing = false;
    for (const file of this.index.fileNames()) if (!this.openFiles.has(file)) this.index.delete(file);
  }
}
