import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingContext } from '@nerflow/core';
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

  it('predicts through the loader it is given without showing it the gold spans, then scores', async () => {
    // "Train" a model that knows the platforms and one city, but not the metrics.
    const model = join(dir, 'model');
    await dictTrainer({ train: [ex('Anuncios en Google Ads y Meta Ads desde Madrid.', [['Google Ads', 'PLATAFORMA'], ['Meta Ads', 'PLATAFORMA'], ['Madrid', 'LOC']])], dev: [], out: model }, recordingContext());
    const deps = { loadModel: dictLoader };
    const ctx = recordingContext();
    const report = join(dir, 'report.html');
    const { json } = await runEval({ model, gold, report, batchSize: 1 }, ctx, deps);
    expect(json.micro).toMatchObject({ tp: 3, fp: 0, fn: 3 });
    expect(json.perLabel.METRICA).toMatchObject({ tp: 0, fn: 2 });
    expect(json.name).toBe('model');
    expect(ctx.events.filter((e) => e.phase === 'predict').map((e) => e.done)).toEqual([1, 2]);
    expect(readFileSync(report, 'utf8')).toContain('<svg');

    // Model + terminology list: the patterns fill the gaps the model leaves.
    const patterns = join(dir, 'metricas.jsonl');
    writeFileSync(patterns, ['CTR', 'ROAS', 'Madrid'].map((t) => JSON.stringify({ label: t === 'Madrid' ? 'ORG' : 'METRICA', pattern: [{ lower: t.toLowerCase() }] })).join('\n'));
    const both = await runEval({ model, gold, patterns }, undefined, deps);
    expect(both.json.micro).toMatchObject({ tp: 5, fp: 0, fn: 1 }); // Madrid stays the model's LOC
    expect(both.json.name).toBe('model + patterns metricas.jsonl');

    // --labels: only the new types are scored; the model's LOC (and gold's LOC) are left out.
    const only = await runEval({ model, gold, labels: ['PLATAFORMA', 'METRICA'] }, undefined, deps);
    expect(Object.keys(only.json.perLabel).sort()).toEqual(['METRICA', 'PLATAFORMA']);
    expect(only.json.micro).toMatchObject({ tp: 2, fp: 0, fn: 2 });
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
    expect(JSON.parse(readFileSync(o.json!, 'utf8')).bootstrap.samples).toBe(100);
    expect(readFileSync(o.report!, 'utf8')).toContain('<svg');
  });
});

describe('evalCompareStage (pipeline step)', () => {
  it('puts two results side by side per label, paired on the same gold, and writes json + report', async () => {
    const { evalStage, evalCompareStage } = await import('./stage.js');
    const [a, b] = ['a', 'b'].map((n) => join(dir, 'cmp', `${n}.json`));
    // A: predictions that miss Sevilla; B: the gold itself.
    const pred = join(dir, 'cmp-pred.jsonl');
    writeFileSync(pred, readFileSync(gold, 'utf8').split('\n').map((l) => {
      const e = JSON.parse(l) as Example;
      return JSON.stringify({ ...e, spans: e.spans!.filter((s) => s.label !== 'LOC' || !e.text.includes('Sevilla')) });
    }).join('\n'));
    await evalStage.run(evalStage.options.parse({ gold, pred, json: a, report: join(dir, 'cmp', 'a.html'), bootstrap: 0, name: 'before' }), recordingContext());
    await evalStage.run(evalStage.options.parse({ gold, pred: gold, json: b, report: join(dir, 'cmp', 'b.html'), bootstrap: 0, name: 'after' }), recordingContext());
    const o = evalCompareStage.options.parse({ a, b, json: join(dir, 'cmp', 'c.json'), report: join(dir, 'cmp', 'c.html'), samples: 200 });
    expect(evalCompareStage.inputs(o)).toEqual([a, b]);
    const cmp = (await evalCompareStage.run(o, recordingContext())) as { paired: boolean; rows: { label: string; a: number; b: number }[] };
    expect(cmp.paired).toBe(true);
    const loc = cmp.rows.find((r) => r.label === 'LOC')!;
    expect(loc.a).toBeCloseTo(2 / 3, 6); // P 1, R 1/2
    expect(loc.b).toBe(1);
    expect(readFileSync(o.report, 'utf8')).toContain('before');
    expect(JSON.parse(readFileSync(o.json, 'utf8')).rows).toHaveLength(4);
  });
});
