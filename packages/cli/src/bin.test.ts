import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands.js';

const PKG = resolve(import.meta.dirname, '..');
const LAUNCHER = join(PKG, 'bin/nerflow.mjs');
const BUILT = existsSync(join(PKG, 'dist/bin.js')) && existsSync(join(PKG, 'dist/commands.json'));
if (!BUILT) console.log('bin.test: packages/cli/dist is not built (npm run build); the built-bin checks are skipped');

/** Runs a node script the way a terminal would, with colour forced on and TERM unset. */
function node(script: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '1' };
  delete env.TERM;
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env, cwd: PKG });
}

describe('the nerflow launcher (packages/cli/bin/nerflow.mjs, what npm links as the bin)', () => {
  it('says exactly what to run when the CLI is not built yet, and exits 1', () => {
    const root = mkdtempSync(join(tmpdir(), 'nerflow-fresh-'));
    mkdirSync(join(root, 'packages/cli/bin'), { recursive: true });
    copyFileSync(LAUNCHER, join(root, 'packages/cli/bin/nerflow.mjs'));
    const r = node(join(root, 'packages/cli/bin/nerflow.mjs'), ['--help']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[E_CLI_NOT_BUILT]');
    expect(r.stderr).toContain(`run \`npm run build\` in ${root}`);
  });

  it.skipIf(!BUILT)('answers --help from the manifest with every command of the source, in order', async () => {
    const r = node(LAUNCHER, ['--help']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    const tops = [...new Set((await allCommands()).map((c) => c.name.split(' ')[0]))];
    expect(listed.filter((w) => !w.startsWith('-') && w !== 'help')).toEqual(tops);
  });

  it.skipIf(!BUILT)("shows a command's flags as the source derives them (eval compare --help)", async () => {
    const r = node(LAUNCHER, ['eval', 'compare', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--report <report>');
    expect(r.stdout).toContain('--json <json>');
  });
});

describe.skipIf(!BUILT)('the manifest (dist/commands.json)', () => {
  it('is trusted only while every stage CLI module is the one it was written from', async () => {
    const { currentStamps, readManifest, writeManifest } = await import(join(PKG, 'dist/manifest.js')) as typeof import('./manifest.js');
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-manifest-'));
    const file = join(dir, 'commands.json');
    const entry = { name: 'validate', summary: 'Check a corpus file', flags: [], source: 'validate' };
    writeManifest(file, [entry]);
    expect(readManifest(file)).toEqual([entry]);
    // A stage rebuilt alone (its cli.js has another build time): stale, so the bin imports everything.
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.stamps.train = currentStamps().train! - 1000;
    writeFileSync(file, JSON.stringify(m));
    expect(readManifest(file)).toBeUndefined();
    expect(readManifest(join(dir, 'missing.json'))).toBeUndefined();
  });
});
