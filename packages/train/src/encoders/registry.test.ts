import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash53 } from '@nerflow/corpus';
import { tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { dropout } from '../tf/layers.js';
import type { EncodeOptions, TokenBatch, TokenEncoder } from './encoder.js';
import { encoderOption, encoders, type EncoderEntry } from './registry.js';
import { parseTrainOptions } from '../options.js';
import { trainModel } from '../training/trainModel.js';
import { loadModel } from '../predict.js';
import { EXAMPLES } from '../__fixtures__/spanish.js';

/**
 * An encoder nerflow does not ship, registered from outside as a plugin would: one learnt row per
 * lowercased word (hashed). Training, the model folder, loading and prediction must all work with
 * it through the registry alone, since no caller may name an encoder class.
 */
class LexiconEncoder implements TokenEncoder {
  readonly name = 'lexicon.v1';
  readonly type = 'lexicon';
  constructor(readonly width: number, readonly store = new ParamStore(new Rng(0))) {}
  encode(batch: TokenBatch, o: EncodeOptions): tf.Tensor2D {
    const ids = Int32Array.from(batch.words, (w) => hash53(w.toLowerCase()) % 5000);
    const table = this.store.get('table', [5000, this.width], { uniform: 0.1 });
    return dropout(tf.gather(table, tf.tensor1d(ids, 'int32')) as tf.Tensor2D, o.dropout, o.seed, o.tokenOffset);
  }
  params(): ParamStore { return this.store; }
  config(): Record<string, unknown> { return { type: this.type, width: this.width }; }
  save(dir: string): Promise<void> { mkdirSync(dir, { recursive: true }); return this.store.save(dir); }
  dispose(): void { this.store.dispose(); }
}

const lexicon: EncoderEntry = {
  type: 'lexicon', version: 1, usage: 'lexicon:WIDTH', argument: 'WIDTH', options: [],
  create: async (_o, width) => {
    const enc = new LexiconEncoder(Number(width));
    tf.tidy(() => { enc.encode({ words: ['a'], starts: new Int32Array([0]), docs: [{ words: ['a'] }] }, { dropout: 0 }); });
    return enc;
  },
  load: async (ref, dir) => {
    const enc = new LexiconEncoder(Number(ref.width));
    await enc.store.load(path.join(dir, 'lexicon'));
    return enc;
  },
  save: async (enc, dir) => { await enc.save(path.join(dir, 'lexicon')); return { type: 'lexicon', width: enc.width }; },
};

describe('the encoder registry', () => {
  let dir: string;
  let train: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-encoders-'));
    train = path.join(dir, 'train.jsonl');
    await writeFile(train, EXAMPLES.map((x) => JSON.stringify(x)).join('\n') + '\n');
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('holds tok2vec.v1, tok2vec.v2 (tuned vectors), tok2vec.v3 (hash tables left out) and transformer.v1, and reads --encoder through them', () => {
    expect(encoders.names()).toEqual(expect.arrayContaining(['tok2vec.v1', 'tok2vec.v2', 'tok2vec.v3', 'transformer.v1']));
    expect(encoderOption('tok2vec')).toMatchObject({ entry: { type: 'tok2vec', version: 3 }, argument: '' }); // the newest
    expect(encoderOption('transformer:dccuchile/bert-base-spanish-wwm-cased')).toMatchObject({ entry: { type: 'transformer' }, argument: 'dccuchile/bert-base-spanish-wwm-cased' });
    expect(() => encoderOption('word2vec')).toThrow(expect.objectContaining({ code: 'E_TRAIN_BAD_ENCODER', hint: expect.stringContaining('transformer:NAME_OR_PATH') }));
    expect(() => encoderOption('transformer')).toThrow(expect.objectContaining({ code: 'E_TRAIN_BAD_ENCODER', message: expect.stringContaining('needs a NAME_OR_PATH') }));
    expect(() => encoderOption('tok2vec:grande')).toThrow(expect.objectContaining({ code: 'E_TRAIN_BAD_ENCODER', message: expect.stringContaining('takes no argument') }));
  });

  it('refuses an unknown --encoder before any data is read', async () => {
    expect(() => parseTrainOptions({ train: 'no-such-file.jsonl', encoder: 'fasttext' })).toThrow(expect.objectContaining({ code: 'E_TRAIN_BAD_ENCODER' }));
    await expect(trainModel({ train: path.join(dir, 'no-such-file.jsonl'), encoder: 'fasttext', out: path.join(dir, 'x') })).rejects.toMatchObject({ code: 'E_TRAIN_BAD_ENCODER' });
  });

  it('trains, saves, loads and predicts with an encoder registered from outside', async () => {
    encoders.register('lexicon.v1', lexicon);
    // tok2vec options mean nothing to it: refused by the options each entry declares, not by a list of names
    expect(() => parseTrainOptions({ train, encoder: 'lexicon:32', width: 64 })).toThrow(expect.objectContaining({
      code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--width is a tok2vec option'),
    }));
    const out = path.join(dir, 'lexicon-model');
    const s = await trainModel({ train, out, encoder: 'lexicon:32', maxEpochs: 12, batchWords: 80, warmupSteps: 0, learnRate: 0.05, holdout: 0, seed: 2 });
    expect(s.labels).toEqual(['LOC', 'ORG', 'PER']);
    const config = JSON.parse(await readFile(path.join(out, 'config.json'), 'utf8'));
    expect(config.encoder).toEqual({ type: 'lexicon', width: 32 });
    const nlp = await loadModel(out);
    // a word-by-word model that has seen these names in training finds them
    const [doc] = await nlp.predict([{ text: 'María García trabaja para Telefónica en Barcelona.' }]);
    expect(doc!.spans!.map((x) => `${x.label}:${x.token_start}-${x.token_end}`)).toEqual(expect.arrayContaining(['PER:0-1', 'ORG:4-4', 'LOC:6-6']));
    nlp.dispose();
  }, 60_000);

  it('refuses a model folder whose encoder it does not know, naming its config.json', async () => {
    const other = path.join(dir, 'unknown-encoder');
    mkdirSync(other);
    await writeFile(path.join(other, 'config.json'), JSON.stringify({
      format: 'nerflow.ner', formatVersion: 1, nerflowVersion: '0.1.0', labels: ['PER'], scheme: 'BILUO', tags: ['O', 'B-PER', 'I-PER', 'L-PER', 'U-PER'],
      encoder: { type: 'elmo' }, tokenizer: { name: 'nerflow.corpus.tokenize.v1' },
    }));
    await expect(loadModel(other)).rejects.toMatchObject({
      code: 'E_TRAIN_BAD_ENCODER', file: path.join(other, 'config.json'), message: expect.stringContaining('"elmo"'), hint: expect.stringContaining('tok2vec'),
    });
  });
});
