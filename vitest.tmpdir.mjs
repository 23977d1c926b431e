// Vitest global setup: every test file's temporary folders (mkdtemp(os.tmpdir() ...), the CLI's child
// processes, pdftotext, Chromium) go under one folder per test run, removed when the run ends. The tests
// themselves do not all clean up, and a full `npm test` used to leave ~1 GB in /tmp (trained models,
// curve folders). Set NERFLOW_KEEP_TEST_TMP=1 to keep the folder for a look after a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function setup() {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-test-'));
  process.env.TMPDIR = dir; // os.tmpdir() reads it on every call; the test workers inherit this environment
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.NERFLOW_KEEP_TEST_TMP === '1') console.log(`test temporary files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
