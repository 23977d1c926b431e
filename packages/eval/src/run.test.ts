import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelLoaders, recordingContext } from '@nerflow/core';
import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { dictLoader, dictTrainer } from './__fixtures__/dictModel.js';
import { runEval } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-run-'));
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
const gold = join(dir, 'test.jsonl');
writeFileSync(gold, [
  ex('El CTR de Google Ads subió en Madrid.', [['CTR', 'METRICA'], ['Google Ads', 'PLATAFORMA'], ['Madrid', 'LOC']]),
  ex('Meta Ads mejoró el ROAS en Sevilla.', [['Meta Ads', 'PLATAFORMA'], ['ROAS', 'METRICA'], ['Sevilla', 'LOC']]),
].map((e) => JSON.stringify(e)).join('\n'));

describe('runEval with a model (nerflow eval MODEL TEST)', () => {
  it('says how to fix a missing model loader', async () => {
    await expect(runEval({ model: join(dir, 'm'), gold })).rejects.toMatchObject({ code: 'E_EVAL_NO_TRAINER' });
  });

  it('predicts through the registered loader without showing it the gold spans, then scores', async () => {
    // "Train" a model that knows the platforms and one city, but not the metrics.
    const model = join(dir, 'model');
    await dictTrainer({ train: [ex('Anuncios en Google Ads y Meta Ads desde Madrid.', [['Google Ads', 'PLATAFORMA'], ['Meta Ads', 'PLATAFORMA'], ['Madrid', 'LOC']])], dev: [], out: model }, recordingContext());
    modelLoaders.register('ner', dictLoader, { replace: true });
    const ctx = recordingContext();
    const report = join(dir, 'report.html');
    const { json } = await runEval({ model, gold, report, batchSize: 1 }, ctx);
    expect(json.micro).toMatchObject({ tp: 3, fp: 0, fn: 3 });
    expect(json.labels.METRICA).toMatchObject({ tp: 0, fn: 2 });
    expect(json.name).toBe('model');
    expect(ctx.events.filter((e) => e.phase === 'predict').map((e) => e.done)).toEqual([1, 2]);
    expect(readFileSync(report, 'utf8')).toContain('<svg');

    // Model + terminology list: the patterns fill the gaps the model leaves.
    const patterns = join(dir, 'metricas.jsonl');
    writeFileSync(patterns, ['CTR', 'ROAS', 'Madrid'].map((t) => JSON.stringify({ label: t === 'Madrid' ? 'ORG' : 'METRICA', pattern: [{ lower: t.toLowerCase() }] })).join('\n'));
    const both = await runEval({ model, gold, patterns });
    expect(both.json.micro).toMatchObject({ tp: 5, fp: 0, fn: 1 }); // Madrid stays the model's LOC
    expect(both.json.name).toBe('model + patterns metricas.jsonl');
  });
});

describe('evalStage (pipeline step)', () => {
  it('fills defaults from its schema, declares inputs/outputs, and writes both', async () => {
    const { evalStage } = await import('./stage.js');
    const o = evalStage.options.parse({ gold, pred: gold, json: join(dir, 'stage', 'r.json'), report: join(dir, 'stage', 'r.html'), bootstrap: 100 });
    expect(o).toMatchObject({ strict: false, scheme: 'auto', seed: 0 });
    expect(evalStage.inputs(o)).toEqual([gold, gold]);
    expect(evalStage.outputs(o)).toEqual([o.json, o.report]);
    const res = (await evalStage.run(o, recordingContext())) as { micro: { f: number } };
    expect(res.micro.f).toBe(1);
    expect(JSON.parse(readFileSync(o.json, 'utf8')).bootstrap.samples).toBe(100);
    expect(readFileSync(o.report, 'utf8')).toContain('<svg');
  });
});
