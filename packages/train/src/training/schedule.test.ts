import { describe, expect, it } from 'vitest';
import { effectiveWarmup, learningRate } from './adam.js';

describe('learning-rate schedule', () => {
  it('keeps a long run\'s warm-up as given (CoNLL-2002: 264 batches x 30 epochs)', () => {
    expect(effectiveWarmup(250, 264 * 30)).toBe(250);
    expect(learningRate(124, 0.002, 250, 264 * 30)).toBeCloseTo(0.001, 9);
    expect(learningRate(250, 0.002, 250, 264 * 30)).toBeCloseTo(0.002, 9);
  });

  it('caps the warm-up at a tenth of a short run, so small data trains at the full rate', () => {
    const total = 9 * 30; // 100 sentences: ~9 batches of 1,000 words with rehearsal, 30 epochs
    expect(effectiveWarmup(250, total)).toBe(27);
    expect(learningRate(26, 0.002, 250, total)).toBeCloseTo(0.002, 9);
    // then the linear decay to a tenth at the last step
    expect(learningRate(total, 0.002, 250, total)).toBeCloseTo(0.0002, 9);
    expect(learningRate(27 + (total - 27) / 2, 0.002, 250, total)).toBeCloseTo(0.0011, 9);
  });

  it('never warms up when asked not to', () => {
    expect(effectiveWarmup(0, 1000)).toBe(0);
    expect(learningRate(0, 0.01, 0, 1000)).toBeCloseTo(0.01, 9);
  });
});
