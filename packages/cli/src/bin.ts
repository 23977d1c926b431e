#!/usr/bin/env node
import { commandSources, loadAllCommands } from './sources.js';
import { entryOf, type CommandEntry, type LazyCommand } from './entry.js';
import { readManifest, writeManifest } from './manifest.js';
import { runCli } from './program.js';

const MANIFEST = new URL('./commands.json', import.meta.url);

/** A manifest entry whose implementation is imported from its source when it runs. */
const fromEntry = (e: CommandEntry): LazyCommand => ({
  ...e,
  async load() {
    const spec = (await commandSources[e.source]!()).find((s) => s.name === e.name);
    if (!spec) throw new Error(`command "${e.name}" is in dist/commands.json but not in its source "${e.source}": rebuild with npm run build`);
    return spec;
  },
});

let commands: LazyCommand[];
const entries = readManifest(MANIFEST);
if (entries) {
  commands = entries.map(fromEntry);
} else {
  // No manifest or a stale one (a stage rebuilt alone): import everything, and write it for next time.
  const all = await loadAllCommands();
  commands = all.map(({ spec, source }) => ({ ...entryOf(spec, source), load: async () => spec }));
  try { writeManifest(MANIFEST, commands.map(({ load: _, ...e }) => e)); } catch { /* read-only install: stay slow */ }
}
process.exitCode = await runCli(commands, process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
