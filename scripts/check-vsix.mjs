#!/usr/bin/env node
// Checks the packaged VSIX offline by the rules the VS Code Marketplace and Open VSX apply when publishing
// (`vsce publish`, `ovsx publish`/`ovsx verify`), plus the project's own: manifest fields, icon, size, files
// that have no place in it, licence. Prints each rule and exits 1 when one fails. Usage:
//   node scripts/check-vsix.mjs [file.vsix]    (default: the VSIX `npm run package` writes)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkgJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const file = process.argv[2] ?? path.join(root, `${pkgJson.name}-${pkgJson.version}.vsix`);
const MAX_BYTES = 3 * 1024 * 1024;

/** The entries of a zip file (stored or deflated), by name. */
function unzip(buffer) {
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = buffer.readUInt16LE(p + 10);
    const compressed = buffer.readUInt32LE(p + 20);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extra = buffer.readUInt16LE(p + 30);
    const comment = buffer.readUInt16LE(p + 32);
    const local = buffer.readUInt32LE(p + 42);
    const name = buffer.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + compressed);
    files.set(name, method === 0 ? data : zlib.inflateRawSync(data));
    p += 46 + nameLength + extra + comment;
  }
  return files;
}

/** Width and height of a PNG, or undefined when the bytes are not one. */
function pngSize(bytes) {
  if (!bytes || bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// The Marketplace's categories (vsce's list).
const CATEGORIES = new Set(['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'AI', 'Chat']);

const bytes = fs.readFileSync(file);
const files = unzip(bytes);
const text = (name) => files.get(name)?.toString('utf8');
const pkg = JSON.parse(text('extension/package.json') ?? '{}');
const nls = JSON.parse(text('extension/package.nls.json') ?? '{}');
const resolve = (v) => (typeof v === 'string' && /^%.+%$/.test(v) ? nls[v.slice(1, -1)] : v);
const https = (u) => typeof u === 'string' && /^https:\/\/[^\s]+$/.test(u);
const inVsix = (rel) => files.has(`extension/${rel.replace(/^\.\//, '')}`);

const rules = [
  ['size under 3 MB', () => bytes.length < MAX_BYTES || `${bytes.length} bytes`],
  ['extension.vsixmanifest and [Content_Types].xml', () => (files.has('extension.vsixmanifest') && files.has('[Content_Types].xml')) || 'missing'],
  ['name, publisher: lower case, no spaces', () => (/^[a-z0-9][a-z0-9-]*$/.test(pkg.name ?? '') && /^[a-z0-9][a-z0-9-]*$/.test(pkg.publisher ?? '')) || `${pkg.publisher}.${pkg.name}`],
  ['version: semver without a pre-release tag (the Marketplace refuses one)', () => /^\d+\.\d+\.\d+$/.test(pkg.version ?? '') || pkg.version],
  ['engines.vscode', () => /^\^?\d+\.\d+\.\d+$/.test(pkg.engines?.vscode ?? '') || pkg.engines?.vscode],
  ['displayName and description (resolved from package.nls.json)', () => (Boolean(pkg.displayName) && (resolve(pkg.description) ?? '').length > 20) || 'missing'],
  ['license: an SPDX id, and a LICENSE file', () => (/^[A-Za-z0-9.-]+$/.test(pkg.license ?? '') && [...files.keys()].some((n) => /^extension\/LICENSE(\.(txt|md))?$/i.test(n))) || 'missing'],
  ['repository, homepage, bugs, qna: https URLs', () => (https(pkg.repository?.url) && https(pkg.homepage) && https(pkg.bugs?.url) && https(pkg.qna)) || 'missing'],
  ['icon: a PNG of at least 128×128 in the VSIX', () => {
    const size = pngSize(files.get(`extension/${pkg.icon}`));
    return (size && size.width >= 128 && size.height >= 128 && size.width === size.height) || `${pkg.icon}: ${JSON.stringify(size)}`;
  }],
  ['galleryBanner: a colour and a theme', () => (/^#[0-9a-fA-F]{6}$/.test(pkg.galleryBanner?.color ?? '') && ['dark', 'light'].includes(pkg.galleryBanner?.theme)) || JSON.stringify(pkg.galleryBanner)],
  ['categories: known to the Marketplace', () => (Array.isArray(pkg.categories) && pkg.categories.length > 0 && pkg.categories.every((c) => CATEGORIES.has(c))) || JSON.stringify(pkg.categories)],
  ['keywords: at most 5', () => (Array.isArray(pkg.keywords) && pkg.keywords.length > 0 && pkg.keywords.length <= 5) || JSON.stringify(pkg.keywords)],
  ['preview: set while the extension is called a preview', () => pkg.preview === true || String(pkg.preview)],
  ['main and browser entry points are in the VSIX', () => (inVsix(pkg.main) && inVsix(pkg.browser)) || `${pkg.main}, ${pkg.browser}`],
  ['no SVG icon or image (the Marketplace refuses them)', () => ![...files.keys()].some((n) => /\.svg$/i.test(n)) || 'an SVG'],
  ['no node_modules, sources, source maps, tests or dotfiles', () => {
    const junk = [...files.keys()].filter((n) => /(^|\/)(node_modules|test|\.[^/]+)(\/|$)|\.map$|\.ts$|\.vsix$|\.tgz$/.test(n.replace(/^extension\//, '')));
    return junk.length === 0 || junk.join(', ');
  }],
  ['the data bundle and the licences of the data', () => (inVsix('dist/data.bundle.gz') && inVsix('dist/iam-data/LICENSE.txt')) || 'missing'],
  ['every grammar and l10n file the manifest names', () => {
    const named = [...(pkg.contributes?.grammars ?? []).map((g) => g.path), ...(pkg.l10n ? [`${pkg.l10n}/bundle.l10n.ja.json`] : [])];
    const missing = named.filter((n) => !inVsix(n));
    return missing.length === 0 || missing.join(', ');
  }],
];

let failed = 0;
console.log(`${path.relative(process.cwd(), file)}: ${files.size} files, ${(bytes.length / 1024 / 1024).toFixed(2)} MB`);
for (const [name, rule] of rules) {
  const r = rule();
  if (r === true) console.log(`  ✓ ${name}`);
  else {
    failed++;
    console.log(`  ✗ ${name}: ${r}`);
  }
}
console.log(failed ? `VSIX check: ${failed} of ${rules.length} rules failed` : `VSIX check: all ${rules.length} rules pass`);
process.exit(failed ? 1 : 0);
