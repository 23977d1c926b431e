import { tokenize } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { loadNerModel } from '../model/modelFolder.js';
import { TUNED_VECTORS_PARAM } from './tunedVectors.js';
import type { Tok2Vec } from './tok2vec.js';

const words = (text: string) => tokenize(text).map((t) => t.text);
// Marketing Spanish with words AnCora's vocabulary lacks ("CTR", "ROAS", "TikTok"...) beside ones it has.
const DOCS = [
  'El CTR de la campaña en TikTok subió un 3 % mientras el ROAS de Google Ads bajó en Madrid.',
  'María López revisa cada lunes el engagement de los reels de Instagram con HubSpot.',
].map((text) => ({ words: words(text) }));

describe('tok2vec learnNewWords (--base on the user\'s words)', () => {
  it('gives es-base\'s encoder rows for the user\'s new words without changing a single prediction', async () => {
    const { model } = await loadNerModel('es-base');
    const encoder = model.encoder as Tok2Vec;
    const before = model.decode(DOCS, { scores: true });
    const embedBefore = encoder.embed(DOCS[0]!.words, undefined, true).dataSync();
    const known = encoder.cfg.normVocab!.words.length;
    const added = encoder.learnNewWords(DOCS);
    expect(added).toBeGreaterThanOrEqual(4); // ctr, roas, tiktok, engagement, hubspot...
    const vocab = encoder.cfg.normVocab!.words;
    expect(vocab).toHaveLength(known + added);
    expect(vocab.slice(known)).toEqual(expect.arrayContaining(['ctr', 'roas', 'tiktok', 'hubspot']));
    expect(vocab.slice(known)).not.toContain('campaña'); // AnCora has it: no second row
    expect(encoder.store.get(TUNED_VECTORS_PARAM, [], 'zeros').shape).toEqual([known + added + 1, 64]);
    const embedAfter = encoder.embed(DOCS[0]!.words, undefined, true).dataSync();
    expect(Math.max(...embedAfter.map((x, i) => Math.abs(x - embedBefore[i]!)))).toBeLessThan(1e-6);
    const after = model.decode(DOCS, { scores: true });
    after.forEach((a, i) => {
      expect(a.spans.map((s) => `${s.tokenStart}:${s.tokenEnd}:${s.label}`)).toEqual(before[i]!.spans.map((s) => `${s.tokenStart}:${s.tokenEnd}:${s.label}`));
      a.spans.forEach((s, k) => expect(Math.abs(s.score! - before[i]!.spans[k]!.score!)).toBeLessThan(1e-5));
    });
    expect(encoder.learnNewWords(DOCS)).toBe(0); // a second call finds nothing new
    model.dispose();
  });
});
