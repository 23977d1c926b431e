/**
 * Checks on output paths made before any work starts, so a command never writes over one of its
 * own inputs (`eval --gold g.jsonl --json g.jsonl`) and a wrong `--out` is found in a second, not
 * after an hour of training. One owner: eval, predict, convert and train all call these.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NerError } from './errors.js';

/** Error codes of output-path checks (shared by every stage). */
export const OutputErrors = {
  IS_INPUT: 'E_OUTPUT_IS_INPUT',
  SAME_OUTPUT: 'E_OUTPUT_TWICE',
  IS_DIR: 'E_OUTPUT_IS_DIR',
  NOT_DIR: 'E_OUTPUT_NOT_DIR',
  NOT_WRITABLE: 'E_OUTPUT_NOT_WRITABLE',
} as const;

/** A path with the flag or argument it came from (for messages: `--json`, `TEST`). */
export interface NamedPath {
  name: string;
  path: string | undefined | null;
}

/** Same file: same resolved path, or (both existing) same device and inode (hard links, symlinks). */
export function samePath(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

const isStd = (p: string | undefined | null): p is null | undefined => !p || p === '-';

/**
 * Refuses outputs that are one of the inputs, or the same file given twice as outputs.
 * `-` (stdin/stdout) and unset paths are ignored. Throws E_OUTPUT_IS_INPUT / E_OUTPUT_TWICE.
 */
export function assertOutputsDistinct(inputs: NamedPath[], outputs: NamedPath[]): void {
  const outs = outputs.filter((o) => !isStd(o.path));
  for (const out of outs) {
    for (const input of inputs) {
      if (isStd(input.path)) continue;
      // A model folder input contains files: writing inside it is as bad as writing over it.
      const inside = resolve(out.path!).startsWith(`${resolve(input.path)}/`) && existsSync(input.path) && statSync(input.path).isDirectory();
      if (samePath(out.path!, input.path) || inside) {
        throw new NerError(OutputErrors.IS_INPUT, `${out.name} ${out.path} would overwrite the input ${input.name} ${input.path}`, {
          file: out.path!, hint: `Write ${out.name} to another file; nothing was written.`,
        });
      }
    }
  }
  for (let i = 0; i < outs.length; i++) {
    for (let j = i + 1; j < outs.length; j++) {
      if (samePath(outs[i]!.path!, outs[j]!.path!)) {
        throw new NerError(OutputErrors.SAME_OUTPUT, `${outs[i]!.name} and ${outs[j]!.name} both name ${outs[i]!.path}`, {
          file: outs[i]!.path!, hint: 'Give each output its own file.',
        });
      }
    }
  }
}

/** The nearest existing ancestor of a path (the folder that `mkdir -p` would create into). */
function existingAncestor(path: string): string {
  let dir = resolve(path);
  while (!existsSync(dir)) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/**
 * Checks that a file output can be written: not a folder, its folder not a file, writable.
 * Run it before the work so the user learns of a wrong path at once (E_OUTPUT_*).
 */
export function assertWritableFile(flag: string, path: string | undefined | null): void {
  if (isStd(path)) return;
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new NerError(OutputErrors.IS_DIR, `${flag} ${path} is a folder; a file is expected`, { file: path, hint: `Name a file, e.g. ${path.replace(/\/$/, '')}/results.json.` });
  }
  assertWritableParent(flag, path);
}

/** Checks that a folder output can be created or replaced: not a file, in a writable place. */
export function assertWritableFolder(flag: string, path: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new NerError(OutputErrors.NOT_DIR, `${flag} ${path} is a file; a folder is expected`, { file: path, hint: 'Name a new folder (it is created).' });
  }
  assertWritableParent(flag, path);
}

function assertWritableParent(flag: string, path: string): void {
  const ancestor = existingAncestor(dirname(resolve(path)));
  if (!statSync(ancestor).isDirectory()) {
    throw new NerError(OutputErrors.NOT_DIR, `${flag} ${path}: ${ancestor} is a file, not a folder`, { file: path, hint: 'Choose a path whose parent is a folder.' });
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (cause) {
    throw new NerError(OutputErrors.NOT_WRITABLE, `${flag} ${path}: the folder ${ancestor} is not writable`, {
      file: path, cause, hint: 'Choose a folder you can write to, or fix its permissions.',
    });
  }
}
