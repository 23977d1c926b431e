import { describe, expect, it } from 'vitest';
import { hash53, inputHash, taskHash } from './hash.js';

describe('hashes', () => {
  const ex = { text: 'El CTR de Google Ads subió.', spans: [{ start: 10, end: 20, token_start: 3, token_end: 4, label: 'PLATAFORMA' }] };

  it('are stable safe integers that depend on the text', () => {
    expect(inputHash(ex)).toBe(inputHash({ text: ex.text }));
    expect(Number.isSafeInteger(inputHash(ex))).toBe(true);
    expect(inputHash({ text: 'otra frase' })).not.toBe(inputHash(ex));
    expect(hash53('SEO')).toBe(hash53('SEO'));
  });

  it('give the same task hash whatever the span order or answer, another for other labels', () => {
    const two = { ...ex, spans: [...ex.spans, { start: 3, end: 6, token_start: 1, token_end: 1, label: 'METRICA' }] };
    const reordered = { ...two, spans: [...two.spans].reverse(), answer: 'reject' as const };
    expect(taskHash(reordered)).toBe(taskHash(two));
    expect(taskHash({ ...ex, spans: [{ ...ex.spans[0]!, label: 'METRICA' }] })).not.toBe(taskHash(ex));
  });

  it('do not collide on 200k distinct short texts', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(inputHash({ text: `frase número ${i}` }));
    expect(seen.size).toBe(200_000);
  });
});
