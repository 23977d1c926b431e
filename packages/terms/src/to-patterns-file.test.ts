import { quietContext } from '@nerflow/core';
import { readJsonl, writeJsonl } from '@nerflow/corpus';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termsToPatternsStage } from './stages.js';

describe('terms.to-patterns from an exported dataset file', () => {
  it('takes the accepted terms of the label and hashes the file as the step input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-topat-'));
    const file = join(dir, 'terms.jsonl');
    await writeJsonl(file, [
      { text: 'Google Ads', label: 'PLATAFORMA', answer: 'accept' },
      { text: 'campaña', label: 'PLATAFORMA', answer: 'reject' },
      { text: 'tasa de conversión', label: 'METRICA', answer: 'accept' },
      { text: 'Instagram', label: 'PLATAFORMA', answer: 'accept' },
    ]);
    const o = termsToPatternsStage.options.parse({ dataset: file, label: 'PLATAFORMA', out: join(dir, 'p.jsonl') });
    expect(termsToPatternsStage.inputs(o)).toEqual([file]);
    expect(await termsToPatternsStage.run(o, quietContext())).toEqual({ terms: 2, patterns: 2 });
    const patterns = [];
    for await (const p of readJsonl(join(dir, 'p.jsonl'))) patterns.push(p);
    expect(patterns).toEqual([
      { label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] },
      { label: 'PLATAFORMA', pattern: [{ lower: 'instagram' }] },
    ]);
  });
});
