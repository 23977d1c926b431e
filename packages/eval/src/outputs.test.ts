import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingContext } from '@nerflow/core';
import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { runCompare } from './compare.js';
import { runEval } from './run.js';

function ex(text: string, ents: [string, string][]): Example {
  const tokens = tokenize(text);
  return {
    text, tokens, answer: 'accept',
    spans: ents.map(([surface, label]) => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, token_start: tokens.findIndex((t) => t.start === start), token_end: tokens.findIndex((t) => t.end === start + surface.length), label };
    }),
  };
}
function files() {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-out-'));
  const gold = join(dir, 'g.jsonl');
  const pred = join(dir, 'p.jsonl');
  const g = [ex('Ana Pérez vive en Madrid.', [['Ana Pérez', 'PER'], ['Madrid', 'LOC']]), ex('El Prado abrió en Sevilla.', [['Prado', 'ORG'], ['Sevilla', 'LOC']])];
  const p = [ex('Ana Pérez vive en Madrid.', [['Madrid', 'LOC']]), ex('El Prado abrió en Sevilla.', [['Sevilla', 'LOC']])];
  writeFileSync(gold, g.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(pred, p.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { dir, gold, pred, goldText: readFileSync(gold, 'utf8') };
}

describe('eval never overwrites its inputs (issue 17 #2)', () => {
  it('--json naming the gold file is refused before any work and the gold is kept', async () => {
    const { gold, pred, goldText } = files();
    await expect(runEval({ gold, pred, json: gold })).rejects.toMatchObject({ code: 'E_OUTPUT_IS_INPUT', file: gold });
    expect(readFileSync(gold, 'utf8')).toBe(goldText);
  });

  it('--report naming the predictions (through another spelling of the path) is refused', async () => {
    const { dir, gold, pred } = files();
    const predText = readFileSync(pred, 'utf8');
    await expect(runEval({ gold, pred, report: join(dir, '.', 'sub', '..', 'p.jsonl') })).rejects.toMatchObject({ code: 'E_OUTPUT_IS_INPUT' });
    expect(readFileSync(pred, 'utf8')).toBe(predText);
  });

  it('--json and --report naming one file, or a folder as --report, are refused', async () => {
    const { dir, gold, pred } = files();
    await expect(runEval({ gold, pred, json: join(dir, 'r.out'), report: join(dir, 'r.out') })).rejects.toMatchObject({ code: 'E_OUTPUT_TWICE' });
    mkdirSync(join(dir, 'informes'));
    await expect(runEval({ gold, pred, report: join(dir, 'informes') })).rejects.toMatchObject({ code: 'E_OUTPUT_IS_DIR' });
  });

  it('eval compare refuses --json over one of its inputs', async () => {
    const { dir, gold, pred } = files();
    const a = join(dir, 'a.json');
    await runEval({ gold, pred, json: a });
    const before = readFileSync(a, 'utf8');
    await expect(runCompare({ a, b: a, json: a, samples: 100, seed: 0, alpha: 0.05 })).rejects.toMatchObject({ code: 'E_OUTPUT_IS_INPUT' });
    expect(readFileSync(a, 'utf8')).toBe(before);
  });
});

describe('eval says when the scores cannot mean anything (issue 17 #11)', () => {
  it('--labels naming an unknown label is an error listing the labels present', async () => {
    const { gold, pred } = files();
    await expect(runEval({ gold, pred, labels: ['NOPE'] })).rejects.toMatchObject({ code: 'E_EVAL_UNKNOWN_LABEL', hint: expect.stringContaining('LOC, ORG, PER') });
  });

  it('gold and predictions with disjoint labels get a warning', async () => {
    const { dir, gold } = files();
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, [ex('Ana Pérez vive en Madrid.', [['Madrid', 'CIUDAD']]), ex('El Prado abrió en Sevilla.', [])].map((e) => JSON.stringify(e)).join('\n'));
    const ctx = recordingContext();
    await runEval({ gold, pred: other }, ctx);
    expect(ctx.logs.filter((l) => l.level === 'warn').map((l) => l.message).join('\n')).toMatch(/nothing in common/);
    const quiet = recordingContext();
    await runEval({ gold, pred: files().pred }, quiet);
    expect(quiet.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });
});
