import { describe, expect, it } from 'vitest';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { copyEncoderWeights } from './encoderWeights.js';

const SMALL = { width: 32, depth: 1, rows: { norm: 500, prefix: 100, suffix: 200, shape: 100 } };
// Real Spanish words, as a vocabulary big enough that printing it whole would bury the message.
const WORDS = 'el la de que y en los del se las por un para con no una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros'.split(' ');

describe('copyEncoderWeights (--base with --init-tok2vec)', () => {
  it('copies every tensor between encoders of one architecture', () => {
    const a = Tok2Vec.create(SMALL, 1), b = Tok2Vec.create(SMALL, 2);
    expect(copyEncoderWeights(a, b, '/tmp/pre')).toBeGreaterThan(3);
    const name = b.params()!.names()[0]!;
    expect([...b.params()!.get(name, [], 'zeros').dataSync()]).toEqual([...a.params()!.get(name, [], 'zeros').dataSync()]);
  });

  it('refuses another architecture with E_TRAIN_BAD_ENCODER naming only what differs, each value cut short', () => {
    const a = Tok2Vec.create({ ...SMALL, width: 48 }, 1), b = Tok2Vec.create(SMALL, 1);
    a.setNormVocabulary([WORDS, WORDS.slice(0, 40)], 0.5);
    let error: { code?: string; message: string } | undefined;
    try { copyEncoderWeights(a, b, '/tmp/pre'); } catch (e) { error = e as typeof error; }
    expect(error?.code).toBe('E_TRAIN_BAD_ENCODER');
    expect(error!.message).toContain("width 48 against the base's 32");
    expect(error!.message).toMatch(/normVocab \{"words":\["[^\]]*\.\.\. against the base's (none|null)/);
    expect(error!.message).not.toContain('hashSeed'); // the same in both: not listed
    expect(error!.message.length).toBeLessThan(400);
  });
});
