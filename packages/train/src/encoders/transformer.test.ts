import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '@nerflow/corpus';
import { AutoModel, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { alignPieces, windowsFor, type PieceTokenizer } from './subwordAlign.js';
import { TransformerFeaturizer } from './transformerFeatures.js';
import { FeatureCache } from './featureCache.js';
import { loadTransformerEncoder } from './transformerEncoder.js';
import { initBackend } from '../tf/backend.js';
import { NerModel } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { saveModel } from '../model/modelFolder.js';
import { loadModel } from '../predict.js';
import { EXAMPLES } from '../__fixtures__/spanish.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/tiny-bert-es');
const TEXT = 'El gobierno de España presentó los datos del mercado en Madrid, según el ministro.';

describe('transformer encoder (tiny BERT-like ONNX fixture)', () => {
  let dir: string;
  let tok: PieceTokenizer & { encode(t: string): number[] };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-tf-'));
    env.allowRemoteModels = false;
    env.localModelPath = path.dirname(FIXTURE) + path.sep;
    tok = (await AutoTokenizer.from_pretrained('tiny-bert-es')) as unknown as typeof tok;
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('splits our tokens into exactly the ids the tokenizer gives the whole text', () => {
    const words = tokenize(TEXT).map((t) => t.text);
    const a = alignPieces(tok, words, 1);
    const [cls, ...rest] = tok.encode(TEXT);
    expect([cls, ...a.ids, rest.at(-1)]).toEqual(tok.encode(TEXT));
    // every token owns at least one piece, in order, and pieces point back to their token
    expect(a.firstPiece.every((f) => f >= 0)).toBe(true);
    a.wordOf.forEach((w, p) => expect(p).toBeGreaterThanOrEqual(a.firstPiece[w]!));
    expect(a.pieceCount.reduce((s, c) => s + c, 0)).toBe(a.ids.length);
  });

  it('windows long inputs with overlap and gives each piece its most central window', () => {
    const { windows, owner } = windowsFor(100, 30, 10);
    expect(windows[0]).toEqual([0, 30]);
    expect(windows.at(-1)![1]).toBe(100);
    owner.forEach((k, p) => { const [s, e] = windows[k]!; expect(p >= s && p < e).toBe(true); });
    expect(owner[25]).toBe(1); // near the end of window 0, inside window 1 ([20, 50)): window 1 has more context
  });

  it('pools subword vectors per token (first piece and mean) exactly as onnxruntime computed them', async () => {
    const words = tokenize(TEXT).map((t) => t.text);
    const model = await AutoModel.from_pretrained('tiny-bert-es', { dtype: 'fp32' });
    const ids = tok.encode(TEXT);
    const T = (d: number[]) => new Tensor('int64', BigInt64Array.from(d.map(BigInt)), [1, d.length]);
    const out = await model({ input_ids: T(ids), attention_mask: T(ids.map(() => 1)), token_type_ids: T(ids.map(() => 0)) });
    const h = out.last_hidden_state.data as Float32Array;
    const D = 64;
    const a = alignPieces(tok, words, 1);
    for (const pooling of ['first', 'mean'] as const) {
      const f = await TransformerFeaturizer.load({ model: FIXTURE, pooling, cacheDir: null });
      const [feats] = await f.featurize([{ words }]);
      expect(feats!.length).toBe(words.length * D);
      words.forEach((_, w) => {
        const first = a.firstPiece[w]!;
        const n = pooling === 'first' ? 1 : a.pieceCount[w]!;
        for (const k of [0, 17, 63]) {
          let want = 0;
          for (let p = first; p < first + n; p++) want += h[(1 + p) * D + k]! / n;
          expect(feats![w * D + k]).toBeCloseTo(want, 4);
        }
      });
      await f.dispose();
    }
  });

  it('caches features on disk by model, revision and text: a second run reads them back', async () => {
    const cacheDir = path.join(dir, 'cache');
    const docs = EXAMPLES.slice(0, 4).map((e) => ({ words: e.tokens!.map((t) => t.text) }));
    const f1 = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir });
    const first = await f1.featurize(docs);
    expect(f1.opts.revision).toMatch(/^sha1:/);
    const f2 = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir });
    (f2 as unknown as { compute: () => never }).compute = () => { throw new Error('the model ran although every document was cached'); };
    const second = await f2.featurize(docs);
    second.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(first[i]!)));
    const other = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir, pooling: 'mean' });
    const cache = (other as unknown as { cache: FeatureCache }).cache;
    expect(cache.has(other.docKey(docs[0]!.words))).toBe(false); // other settings, other cache
  });

  it('windows a document longer than the model limit and still returns one vector per token', async () => {
    const words = Array.from({ length: 30 }, () => tokenize(TEXT).map((t) => t.text)).flat();
    const f = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir: null, maxLength: 64, overlap: 16 });
    const [feats] = await f.featurize([{ words }]);
    expect(feats!.length).toBe(words.length * 64);
    expect(feats!.every(Number.isFinite)).toBe(true);
  });

  it('trains a CRF head on the features and reloads it from the model folder', async () => {
    await initBackend();
    const enc = await loadTransformerEncoder({ model: FIXTURE }, { cacheDir: path.join(dir, 'cache2') });
    const model = NerModel.create(enc, ['LOC', 'ORG', 'PER'], 'BILUO', 1);
    const docs = EXAMPLES.map((e) => evidenceOf(e, model.tags, 'BILUO')!);
    await enc.prepare(docs);
    const losses = [];
    for (let s = 0; s < 5; s++) {
      const { loss, grads } = model.gradients(docs, 0, s);
      losses.push(loss);
      for (const [v, g] of grads) { v.assign(v.sub(g.mul(0.05))); g.dispose(); }
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const out = path.join(dir, 'tf-model');
    await saveModel(model, out);
    const loaded = await loadModel(out);
    expect(loaded.config.encoder).toMatchObject({ type: 'transformer', pooling: 'first' });
    const want = model.decode(docs.slice(0, 3)).map((d) => d.spans.map((s) => s.label));
    const got = (await loaded.predict(EXAMPLES.slice(0, 3))).map((e) => e.spans!.map((s) => s.label));
    expect(got).toEqual(want);
    loaded.dispose();
    model.dispose();
  });

  it('fails clearly for a hub id when downloads are off', async () => {
    await expect(TransformerFeaturizer.load({ model: 'dccuchile/bert-base-spanish-wwm-cased', localOnly: true, cacheDir: null }))
      .rejects.toMatchObject({ code: 'E_TRAIN_TRANSFORMER_LOAD', hint: expect.stringContaining('Downloads are off') });
  });
});
