// The environment for the Node 24 tools (npm installing code-server, code-server itself), clean of what
// `npm run` adds. Under `npm run`, npm exports its own state: npm_config_user_agent ("npm/… node/v20…"),
// npm_node_execpath, npm_execpath, npm_lifecycle_*, INIT_CWD, NODE, and node_modules/.bin folders on PATH.
// A nested npm reads every npm_config_* variable as its own configuration, so it would keep the outer
// npm's user agent, and code-server's postinstall, which reads the Node version from that user agent,
// refuses to install ("requires node v24 … you are on node v20"). So these are dropped, and Node 24 goes
// first on PATH. Settings that say how to reach the registry are kept (they mean the same to any npm and
// may have been set by the user on purpose); npm reads the rest from its config files again.
import * as path from 'node:path';
import { NODE24_BIN } from './paths.mjs';

const KEEP = new Set(['npm_config_registry', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_cafile', 'npm_config_strict_ssl', 'npm_config_cache']);
const DROP = new Set(['INIT_CWD', 'NODE', 'COLOR']);

/** `process.env` without npm's lifecycle variables, with Node 24 first on PATH, plus `extra`. */
export function node24Env(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    const lower = k.toLowerCase();
    if (lower.startsWith('npm_') && !KEEP.has(lower)) continue;
    if (DROP.has(k)) continue;
    env[k] = v;
  }
  // npm run puts every ancestor's node_modules/.bin and its node-gyp-bin first on PATH.
  const inherited = (process.env.PATH ?? '').split(path.delimiter).filter((p) => p && !/[\\/]node_modules[\\/]\.bin$/.test(p) && !/[\\/]node-gyp-bin$/.test(p));
  env.PATH = [NODE24_BIN, ...inherited].join(path.delimiter);
  return { ...env, ...extra };
}
