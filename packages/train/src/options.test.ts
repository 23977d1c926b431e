import { describe, expect, it } from 'vitest';
import { ARCH_DEFAULTS, DEFAULT_DROPOUT, parseTrainOptions } from './options.js';

describe('train defaults: the measured recipe per encoder architecture', () => {
  it('a fresh model gets the BiLSTM recipe: width 128, one layer, character BiLSTM 25, dropout 0.5, unknown words 0.5', () => {
    const o = parseTrainOptions({ train: 'train.jsonl' });
    expect([o.arch, o.width, o.depth, o.charLstm, o.dropout, o.unknownWords]).toEqual(['bilstm', 128, 1, 25, 0.5, 0.5]);
  });

  it('--arch cnn brings the window encoder recipe, not the BiLSTM numbers', () => {
    const o = parseTrainOptions({ train: 'train.jsonl', arch: 'cnn' });
    expect([o.width, o.depth, o.charLstm, o.dropout, o.unknownWords]).toEqual([96, 4, 0, 0.1, 0]);
    expect(parseTrainOptions({ train: 'train.jsonl', arch: 'cnn', vectors: 'v.vec' }).unknownWords).toBe(0.5);
  });

  it('static vectors are tuned unless --vectors-tuning frozen, which needs --vectors', () => {
    expect(parseTrainOptions({ train: 'train.jsonl', vectors: 'v.vec' }).vectorsTuning).toBe('tuned');
    expect([parseTrainOptions({ train: 'train.jsonl', vectors: 'v.vec' }).width, parseTrainOptions({ train: 'train.jsonl', vectors: 'v.vec', arch: 'cnn' }).width]).toEqual([200, 96]); // the BiLSTM is wider with vectors
    expect(parseTrainOptions({ train: 'train.jsonl', vectors: 'v.vec', vectorsTuning: 'frozen' }).vectorsTuning).toBe('frozen');
    expect(parseTrainOptions({ train: 'train.jsonl' }).vectorsTuning).toBeUndefined();
    expect(() => parseTrainOptions({ train: 'train.jsonl', vectorsTuning: 'frozen' })).toThrow(expect.objectContaining({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--vectors-tuning') }));
  });

  it('the BiLSTM recipe hashes NORM and SHAPE (its character BiLSTM sees the affixes); the window encoders hash all four', () => {
    expect(parseTrainOptions({ train: 'train.jsonl' }).hashAttrs).toEqual(['norm', 'shape']);
    expect(parseTrainOptions({ train: 'train.jsonl', arch: 'cnn' }).hashAttrs).toEqual(['norm', 'prefix', 'suffix', 'shape']);
    expect(() => parseTrainOptions({ train: 'train.jsonl', base: 'es-base', hashAttrs: ['shape'] })).toThrow(expect.objectContaining({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--hash-attrs') }));
  });

  it('what the user gives wins over the recipe', () => {
    const o = parseTrainOptions({ train: 'train.jsonl', width: 64, depth: 2, charLstm: 0, dropout: 0.2, unknownWords: 0, hashAttrs: ['suffix', 'norm'] });
    expect([o.width, o.depth, o.charLstm, o.dropout, o.unknownWords, o.hashAttrs]).toEqual([64, 2, 0, 0.2, 0, ['suffix', 'norm']]);
  });

  it('an encoder that is not fresh (--base, --init-tok2vec, a transformer) trains with dropout 0.1 and no unknown-word vocabulary', () => {
    for (const extra of [{ base: 'es-base' }, { initTok2vec: 'pretrained' }, { encoder: 'transformer:some/model' }]) {
      const o = parseTrainOptions({ train: 'train.jsonl', ...extra });
      expect([o.dropout, o.unknownWords]).toEqual([DEFAULT_DROPOUT, undefined]);
    }
    expect(ARCH_DEFAULTS.bilstm.dropout).not.toBe(DEFAULT_DROPOUT);
  });
});
