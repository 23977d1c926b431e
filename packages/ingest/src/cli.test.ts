import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { recordingContext, type CommandContext } from '@nerflow/core';
import { commands } from './cli.js';

const FIX = path.join(import.meta.dirname, '__fixtures__');

function context(): CommandContext & { output: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => { text += c.toString(); });
  return { ...recordingContext(), stdout, stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false, output: () => text };
}

describe('nerflow ingest command', () => {
  it('derives its options from the schema and prints a summary; exit 1 when a file failed, 0 otherwise', async () => {
    const cmd = commands.find((c) => c.name === 'ingest')!;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-ingest-cli-'));
    try {
      const bad = context();
      const opts = (paths: string[], out: string) => cmd.options.parse({ paths, out, workers: 1 });
      expect(await cmd.run(opts([path.join(FIX, 'notas.txt'), path.join(FIX, 'malos', 'vacio.pdf')], path.join(tmp, 'a')), bad)).toBe(1);
      expect(bad.output()).toMatch(/2 files: 1 ok, 1 failed/);
      expect(bad.output()).toMatch(/vacio\.pdf: \[E_INGEST_EMPTY_FILE\] empty file/);
      const good = context();
      expect(await cmd.run(opts([path.join(FIX, 'notas.txt')], path.join(tmp, 'b')), good)).toBe(0);
      expect(good.output()).toMatch(/4 sentence examples written/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
