// How the engine reads its data files: a synchronous reader of text by path relative to a data folder.
// In Node the reader reads the folder on disk (data-source.ts); in the browser it reads files loaded
// into memory before the server starts (data-source.browser.ts); where the program ships without the data
// folders, from the data bundle (data-bundle.ts).

export interface DataReader {
  /** The text of a file (`actions/iam.json`, `handoffs.json`), or undefined when there is no such file. */
  read(relativePath: string): string | undefined;
}
