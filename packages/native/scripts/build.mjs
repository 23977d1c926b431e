// npm install hook: compiles the optional native kernels with node-gyp (the copy npm ships, against
// the Node headers npm is configured for). A failed build is not an error: nerflow then runs its
// pure-npm wasm path, which gives the same results more slowly. NERFLOW_NATIVE_BUILD=0 skips it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.env.NERFLOW_NATIVE_BUILD === '0') {
  console.log('@nerflow/native: NERFLOW_NATIVE_BUILD=0, not building the native kernels (nerflow uses its wasm path).');
  process.exit(0);
}
const gyp = findNodeGyp();
if (!gyp) {
  console.warn('@nerflow/native: node-gyp not found; nerflow uses its wasm path (same results, slower).');
  process.exit(0);
}
const run = spawnSync(process.execPath, [gyp, 'rebuild', ...nodeDirArgs()], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (run.status !== 0 || !existsSync(path.join(root, 'build', 'Release', 'nerflow_native.node'))) {
  const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  console.warn(`@nerflow/native: the native kernels did not build (needs a C++ compiler, make and python3); nerflow uses its wasm path (same results, slower).\n${tail}`);
  process.exit(0);
}
console.log('@nerflow/native: native kernels built.');

/** Builds against the headers installed with this Node (Debian's nodejs, nvm...) when npm did not say where they are. */
function nodeDirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.dirname(path.dirname(process.execPath));
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function findNodeGyp() {
  // npm sets npm_config_node_gyp for lifecycle scripts; otherwise look beside npm itself.
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {}
  const npmDir = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  candidates.push(npmDir);
  return candidates.find((c) => c && existsSync(c));
}
