import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@nerflow/corpus';
import type { HashCache } from './fingerprint.js';

/** What the lock file remembers about a step that finished. */
export interface StepLock {
  stage: string;
  stageVersion: string;
  optionsHash: string;
  inputs: Record<string, string | null>;
  /** Fingerprints of the outputs it left (absent in older locks): a changed output is re-made. */
  outputs?: Record<string, string | null>;
  hash: string;
  finishedAt: string;
  seconds: number;
}

export interface LockFile {
  version: 1;
  steps: Record<string, StepLock>;
  fileHashes: HashCache;
}

export async function readLock(path: string): Promise<LockFile> {
  try {
    const lock = JSON.parse(await readFile(path, 'utf8')) as LockFile;
    if (lock.version === 1 && lock.steps) return { ...lock, fileHashes: lock.fileHashes ?? {} };
  } catch {
    // missing or unreadable: start afresh (everything runs once)
  }
  return { version: 1, steps: {}, fileHashes: {} };
}

/** Written after every finished step (atomically), so an interrupted run resumes at the next one. */
export async function writeLock(path: string, lock: LockFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(lock, null, 2)}\n`);
}
