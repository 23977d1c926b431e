import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandEntry } from './entry.js';

/**
 * The manifest: every command's name, help and flags as plain JSON (dist/commands.json, written by
 * the build), so `nerflow --help` and argv parsing need no stage imported. Stamped with the build
 * time of each stage's CLI module: a stage rebuilt alone makes it stale, and the bin then falls back
 * to importing every command (slow but right) and rewrites it.
 */
export interface Manifest {
  version: 1;
  stamps: Record<string, number>;
  commands: CommandEntry[];
}

/** The module behind each stage source, whose build time stamps the manifest. */
const STAMPED: Record<string, string> = {
  ingest: '@nerflow/ingest/cli', terms: '@nerflow/terms/cli', annotate: '@nerflow/annotate/cli',
  train: '@nerflow/train/cli', eval: '@nerflow/eval/cli',
};

/** Build time (mtime, ms) of each stage's CLI module as this installation resolves it. */
export function currentStamps(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [source, specifier] of Object.entries(STAMPED)) {
    try {
      out[source] = Math.round(statSync(fileURLToPath(import.meta.resolve(specifier))).mtimeMs);
    } catch {
      out[source] = -1; // unresolvable: never matches a written stamp, so the manifest is not trusted
    }
  }
  return out;
}

/** Reads the manifest at `file`; undefined when missing, unreadable or stale. */
export function readManifest(file: URL | string): CommandEntry[] | undefined {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (m.version !== 1 || !Array.isArray(m.commands)) return undefined;
  const now = currentStamps();
  for (const [source, stamp] of Object.entries(now)) if (m.stamps?.[source] !== stamp || stamp < 0) return undefined;
  return m.commands;
}

/** Writes the manifest for these commands (best effort at run time: an installed dist may be read-only). */
export function writeManifest(file: URL | string, commands: CommandEntry[]): void {
  const m: Manifest = { version: 1, stamps: currentStamps(), commands };
  writeFileSync(file, `${JSON.stringify(m, null, 1)}\n`);
}
