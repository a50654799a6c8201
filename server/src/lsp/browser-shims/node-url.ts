// The part of Node's `url` the server uses, for the browser bundles. The build maps `node:url` here for
// platform: 'browser' only.

/** The path of a file: URI (as Node's fileURLToPath does on POSIX); throws for other schemes. */
export function fileURLToPath(uri: string | URL): string {
  const url = typeof uri === 'string' ? new URL(uri) : uri;
  if (url.protocol !== 'file:') throw new TypeError(`not a file URL: ${url.href}`);
  if (url.hostname !== '') throw new TypeError(`a file URL with a host is not a path here: ${url.href}`);
  return decodeURIComponent(url.pathname);
}

/** The file: URL of an absolute POSIX path, encoded as Node's pathToFileURL encodes it. */
export function pathToFileURL(file: string): URL {
  const url = new URL('file://');
  url.pathname = file.replace(/[%\\\n\r\t#?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return url;
}

export default { fileURLToPath, pathToFileURL };
