import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from './inputs.js';

describe('ingest . --out . never reads its own output (issue 17 #12)', () => {
  it('skips docs/examples/manifest.jsonl beside an ingest-report.json, keeps other JSONL files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-own-out-'));
    writeFileSync(join(dir, 'informe.txt'), 'Ana Pérez vive en Madrid.');
    for (const f of ['docs.jsonl', 'examples.jsonl', 'manifest.jsonl']) writeFileSync(join(dir, f), '{"text": "salida"}\n');
    writeFileSync(join(dir, 'ingest-report.json'), '{}');
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'corpus', 'examples.jsonl'), '{"text": "un corpus del usuario"}\n');
    const sources = (await expandInputs([dir])).map((f) => f.source);
    expect(sources).toEqual(['corpus/examples.jsonl', 'informe.txt']);
  });
});

describe('a bad line in a .jsonl given to ingest is located (issue 17 #11)', () => {
  it('the failure names the line', async () => {
    const { cpSync } = await import('node:fs');
    const { runIngest } = await import('./run.js');
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-ingest-line-'));
    mkdirSync(join(dir, 'docs'));
    cpSync(join(import.meta.dirname, '../../corpus/src/__fixtures__/hostile/bad-line-50.jsonl'), join(dir, 'docs', 'notas.jsonl'));
    const report = await runIngest({ paths: [join(dir, 'docs')], out: join(dir, 'out') });
    expect(report.failures).toEqual([expect.objectContaining({ source: 'notas.jsonl', code: 'E_CORPUS_BAD_JSON', reason: expect.stringMatching(/^line 50: invalid JSON/) })]);
  });
});
