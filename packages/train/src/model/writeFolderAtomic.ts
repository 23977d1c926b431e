/**
 * Folder-level atomic writes: a model folder is filled in a hidden temporary sibling, flushed to
 * disk, and only then renamed into place (the old folder, when replaced, is moved aside first and
 * deleted after). Readers never see a half-written model; a killed writer leaves the old one.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncPath } from '@nerflow/corpus';

let serial = 0;

/** fsyncs every file and folder under `dir`, so the rename publishes data that is on disk. */
async function syncTree(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await syncTree(p);
    else if (e.isFile()) await fsyncPath(p);
  }
  await fsyncPath(dir, true);
}

/**
 * Calls `fill(tmp)` on an empty temporary sibling of `dir`, then makes it `dir` (replacing any
 * previous folder). On failure the temporary folder is removed and `dir` is left as it was.
 */
export async function writeFolderAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const stem = `.${path.basename(target)}.${process.pid}.${++serial}`;
  const tmp = path.join(parent, `${stem}.partial`);
  await mkdir(parent, { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    await fill(tmp);
    await syncTree(tmp);
    if (existsSync(target)) {
      const old = path.join(parent, `${stem}.old`);
      await rename(target, old);
      await rename(tmp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
    await fsyncPath(parent, true);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
