import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingContext } from '@nerflow/core';
import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { dictLoader, dictTrainer, trained } from './__fixtures__/dictModel.js';
import { runCurve } from './curve.js';

const CITIES = ['Madrid', 'Sevilla', 'Valencia', 'Bilbao', 'Málaga', 'Zaragoza', 'Murcia', 'Vigo', 'Gijón', 'Granada', 'Toledo', 'Burgos', 'León', 'Cádiz', 'Huelva', 'Lugo', 'Soria', 'Teruel', 'Ávila', 'Segovia'];
const BRANDS = ['Google Ads', 'Meta Ads', 'TikTok Ads', 'LinkedIn Ads', 'Amazon Ads', 'Bing Ads', 'Pinterest Ads', 'Snapchat Ads', 'X Ads', 'Reddit Ads'];
function sentence(i: number): Example {
  const city = CITIES[i % CITIES.length]!;
  const brand = BRANDS[(i * 7) % BRANDS.length]!;
  const text = `La agencia de ${city} invirtió más en ${brand} este trimestre.`;
  const tokens = tokenize(text);
  const span = (surface: string, label: string) => {
    const start = text.indexOf(surface);
    return { start, end: start + surface.length, token_start: tokens.findIndex((t) => t.start === start), token_end: tokens.findIndex((t) => t.end === start + surface.length), label };
  };
  return { text, tokens, spans: [span(city, 'LOC'), span(brand, 'PLATAFORMA')], answer: 'accept' };
}

describe('runCurve', () => {
  const train = Array.from({ length: 40 }, (_, i) => sentence(i * 3 + 1));
  const dev = Array.from({ length: 30 }, (_, i) => sentence(i));
  const out = mkdtempSync(join(tmpdir(), 'nerflow-curve-'));

  it('trains on growing nested shares, scores dev with eval metrics, and gives the verdict', async () => {
    trained.length = 0;
    const ctx = recordingContext();
    const curve = await runCurve({ train, dev, out, seeds: [0, 1], series: [{ name: 'dict', settings: { encoder: 'none' } }] }, dictTrainer, dictLoader, ctx);
    expect(trained).toEqual([4, 10, 20, 30, 40, 4, 10, 20, 30, 40]);
    expect(curve.points).toHaveLength(10);
    const mean = (f: number) => curve.points.filter((p) => p.fraction === f).reduce((a, p) => a + p.f, 0) / 2;
    expect(mean(0.1)).toBeLessThan(mean(1));
    expect(mean(1)).toBeGreaterThan(0.9);
    expect(curve.verdicts[0]!.series).toBe('dict');
    expect(curve.verdict).toMatch(/^dict: F1 (still improved|did not improve) in the last step/);
    expect(ctx.events.at(-1)).toMatchObject({ unit: 'runs', done: 10, total: 10 });
  });

  it('draws one line per series (e.g. two encoders) on the same dev set', async () => {
    const curve = await runCurve({ train, dev, out, fractions: [0.5, 1], series: [{ name: 'scratch' }, { name: 'pretrained' }] }, dictTrainer, dictLoader);
    expect(curve.points.map((p) => `${p.series}@${p.fraction}`)).toEqual(['scratch@0.5', 'scratch@1', 'pretrained@0.5', 'pretrained@1']);
    expect(curve.verdicts.map((v) => v.series)).toEqual(['scratch', 'pretrained']);
  });

  it('trains arms on nested sizes, scores only the new labels on dev, and the old types before and after', async () => {
    // The "base": a dictionary of the old type (LOC) from its own gold; the arm that keeps it is scored there.
    const oldGold = Array.from({ length: 12 }, (_, i) => ({ ...sentence(i * 5 + 2), spans: sentence(i * 5 + 2).spans!.filter((s) => s.label === 'LOC') }));
    const base = await dictTrainer({ train: oldGold, dev: [], out: join(out, 'base') }, recordingContext());
    trained.length = 0;
    const curve = await runCurve({
      train, dev, out, sizes: [5, 20, 'all'], newLabels: ['PLATAFORMA'],
      series: [{ name: 'scratch' }, { name: 'base', keepsOld: true }], old: { gold: oldGold, base: base.modelDir },
    }, dictTrainer, dictLoader);
    expect(trained).toEqual([5, 20, 40, 5, 20, 40]);
    expect(curve.newLabels).toEqual(['PLATAFORMA']);
    // Dev is scored on PLATAFORMA only: the LOC the model also tags there is neither right nor wrong.
    expect(curve.points.every((p) => Object.keys(p.perLabel!).join() === 'PLATAFORMA')).toBe(true);
    expect(curve.points.at(-1)!.f).toBe(curve.points.at(-1)!.perLabel!.PLATAFORMA);
    expect(curve.oldBefore).toMatchObject({ labels: ['LOC'], f: 1 });
    expect(curve.points.filter((p) => p.series === 'scratch').every((p) => p.old === null)).toBe(true);
    const old = curve.points.filter((p) => p.series === 'base').map((p) => p.old!);
    expect(old.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(old[0]!).toBeLessThan(old[2]!); // 5 sentences know few of the 12 cities; all 40 know more
  });

  it('hands the trainer dev spans only of labels its subset has (a rare label absent at a small point)', async () => {
    const labelsOf = (xs: Example[]) => [...new Set(xs.flatMap((x) => (x.spans ?? []).map((s) => s.label)))].sort();
    const seen: { train: string[]; dev: string[] }[] = [];
    const spy: typeof dictTrainer = async (req, ctx) => { seen.push({ train: labelsOf(req.train), dev: labelsOf(req.dev) }); return dictTrainer(req, ctx); };
    // LOC in one training sentence of 40: the 1-sentence point cannot learn it unless it drew that one.
    const mixed = train.map((x, i) => (i === 7 ? x : { ...x, spans: x.spans!.filter((s) => s.label === 'PLATAFORMA') }));
    await runCurve({ train: mixed, dev, out, sizes: [1, 'all'], seeds: [0, 1, 2] }, spy, dictLoader);
    for (const call of seen) expect(call.dev).toEqual(call.train);
    expect(seen.some((c) => !c.train.includes('LOC'))).toBe(true);
    expect(seen.filter((c) => c.train.includes('LOC')).length).toBeGreaterThanOrEqual(3); // every 'all' point
  });

  it('continues a stopped curve from its saved points and retrains a point whose inputs changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-curve-resume-'));
    let calls = 0;
    // The trainer dies at the third run, as the wasm backend once did at run 17 of 18.
    const crashing: typeof dictTrainer = async (req, ctx) => { if (++calls === 3) throw new Error('memory access out of bounds'); return dictTrainer(req, ctx); };
    const opts = { train, dev, out: dir, sizes: [5, 20, 'all'] as const, seeds: [0], series: [{ name: 'dict' }] };
    const ctx = recordingContext();
    await expect(runCurve({ ...opts, sizes: [...opts.sizes] }, crashing, dictLoader, ctx)).rejects.toThrow(/out of bounds/);
    expect(ctx.logs.some((l) => l.level === 'warn' && /2 finished points are kept/.test(l.message))).toBe(true);
    trained.length = 0;
    const resumed = await runCurve({ ...opts, sizes: [...opts.sizes] }, dictTrainer, dictLoader);
    expect(trained).toEqual([40]); // only the point that had not finished
    const fresh = await runCurve({ ...opts, sizes: [...opts.sizes], out: mkdtempSync(join(tmpdir(), 'nerflow-curve-fresh-')) }, dictTrainer, dictLoader);
    expect(resumed.points).toEqual(fresh.points);
    trained.length = 0;
    await runCurve({ ...opts, sizes: [...opts.sizes], dev: dev.slice(0, 20) }, dictTrainer, dictLoader);
    expect(trained).toEqual([5, 20, 40]); // another dev set: nothing saved applies
  });

  it('refuses fractions that do not rise or give no data', async () => {
    await expect(runCurve({ train, dev, out, fractions: [0.5, 0.25] }, dictTrainer, dictLoader)).rejects.toMatchObject({ code: 'E_EVAL_CURVE' });
    await expect(runCurve({ train: train.slice(0, 3), dev, out, fractions: [0.1, 1] }, dictTrainer, dictLoader)).rejects.toMatchObject({ code: 'E_EVAL_CURVE' });
  });
});
