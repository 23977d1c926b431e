import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NONE } from './confusion.js';
import { evaluate } from './evaluate.js';
import type { TaggedSentence } from './sentence.js';

const sent = (where: string, tokens: string[], tags: string[]): TaggedSentence => ({ where, tokens, tags });

describe('evaluate: hand-worked cases', () => {
  it('gives the seqeval documentation F1 of 0.5', () => {
    // seqeval README: f1_score(y_true, y_pred) == 0.50
    const toks = ['El', 'Gobierno', 'de', 'la', 'Generalitat', 'Valenciana', 'ha'];
    const gold = [sent('g1', toks, ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O']), sent('g2', ['Juan', 'Pérez', 'dijo'], ['B-PER', 'I-PER', 'O'])];
    const pred = [sent('p1', toks, ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O']), sent('p2', ['Juan', 'Pérez', 'dijo'], ['B-PER', 'I-PER', 'O'])];
    const r = evaluate(gold, pred);
    expect(r.micro).toEqual({ p: 0.5, r: 0.5, f: 0.5, tp: 1, fp: 1, fn: 1 });
    expect(r.perLabel.PER!.f).toBe(1);
    expect(r.perLabel.MISC).toEqual({ p: 0, r: 0, f: 0, tp: 0, fp: 1, fn: 1 });
    expect(r.accuracy).toBeCloseTo(8 / 10); // tokens 2 (O vs B-) and 3 (B- vs I-) differ
  });

  it('scores I- without B- as an entity by default and not in strict mode', () => {
    const toks = ['Lo', 'dijo', 'Felipe', 'González', 'ayer'];
    const gold = [sent('g', toks, ['O', 'O', 'B-PER', 'I-PER', 'O'])];
    const pred = [sent('p', toks, ['O', 'O', 'I-PER', 'I-PER', 'O'])];
    expect(evaluate(gold, pred).micro.f).toBe(1);
    const strict = evaluate(gold, pred, { mode: 'strict' });
    expect(strict.scheme).toBe('IOB2');
    expect(strict.micro).toMatchObject({ tp: 0, fp: 0, fn: 1, f: 0 });
  });

  // The six scenarios of the SemEval-2013 / nervaluate write-up (Batista 2018), in one Spanish sentence.
  const tokens = ['El', 'paciente', 'tomó', 'Sintrom', 'y', 'sano', 'además', 'de', 'warfarina', 'con', 'propranolol', 'y', 'fenitoína', 'sin', 'anticonceptivos', 'orales'];
  const goldTags = ['O', 'O', 'O', 'B-BRAND', 'O', 'O', 'O', 'O', 'B-DRUG', 'O', 'B-DRUG', 'O', 'B-DRUG', 'O', 'B-GROUP', 'O'];
  const predTags = ['O', 'O', 'O', 'O', 'O', 'B-BRAND', 'O', 'B-DRUG', 'I-DRUG', 'O', 'B-BRAND', 'O', 'B-DRUG', 'O', 'B-DRUG', 'I-DRUG'];
  const r = evaluate([sent('g', tokens, goldTags)], [sent('p', tokens, predTags)]);

  it('reproduces the nervaluate partial-credit counts', () => {
    expect(r.partial.strict).toMatchObject({ correct: 1, incorrect: 3, partial: 0, missed: 1, spurious: 1, possible: 5, actual: 5, precision: 0.2, recall: 0.2 });
    expect(r.partial.exact).toMatchObject({ correct: 2, incorrect: 2, partial: 0, missed: 1, spurious: 1, precision: 0.4 });
    expect(r.partial.partial).toMatchObject({ correct: 2, incorrect: 0, partial: 2, missed: 1, spurious: 1, precision: 0.6, recall: 0.6 });
    expect(r.partial.ent_type).toMatchObject({ correct: 2, incorrect: 2, partial: 0, missed: 1, spurious: 1, precision: 0.4 });
    expect(r.partial.labels.DRUG!.strict).toMatchObject({ correct: 1, incorrect: 2 });
    expect(r.partial.labels.BRAND!.strict).toMatchObject({ missed: 1, spurious: 1 });
    expect(r.micro).toMatchObject({ tp: 1, fp: 4, fn: 4 });
  });

  it('lists each error with its kind and context', () => {
    const kinds = r.errors.map((e) => [e.kind, e.label, e.focus]);
    expect(kinds).toEqual([
      ['spurious', 'BRAND', 'sano'],
      ['boundary', 'DRUG', 'de warfarina'],
      ['type', 'DRUG', 'propranolol'],
      ['boundary+type', 'GROUP', 'anticonceptivos orales'],
      ['missed', 'BRAND', 'Sintrom'],
    ]);
    const typeErr = r.errors[2]!;
    expect(typeErr.gold).toEqual({ label: 'DRUG', token_start: 10, token_end: 10, text: 'propranolol' });
    expect(typeErr.pred!.label).toBe('BRAND');
    expect(typeErr.left).toBe('tomó Sintrom y sano además de warfarina con'); // 8 tokens
    expect(typeErr.right).toBe('y fenitoína sin anticonceptivos orales');
  });

  it('builds the exact-boundary confusion matrix', () => {
    const { labels, matrix } = r.confusion;
    expect(labels).toEqual(['BRAND', 'DRUG', 'GROUP', NONE]);
    const at = (g: string, p: string) => matrix[labels.indexOf(g)]![labels.indexOf(p)];
    expect(at('DRUG', 'DRUG')).toBe(1);
    expect(at('DRUG', 'BRAND')).toBe(1);
    expect(at('DRUG', NONE)).toBe(1);
    expect(at('BRAND', NONE)).toBe(1);
    expect(at('GROUP', NONE)).toBe(1);
    expect(at(NONE, 'BRAND')).toBe(1);
    expect(at(NONE, 'DRUG')).toBe(2);
  });
});

describe('evaluate: alignment errors name the first differing example', () => {
  const g = [sent('gold.conll sentence 1', ['Hola', 'Ana'], ['O', 'B-PER']), sent('gold.conll sentence 2', ['Vivo', 'en', 'Lugo'], ['O', 'O', 'B-LOC'])];
  it('on different tokens', () => {
    const p = [sent('pred 1', ['Hola', 'Ana'], ['O', 'O']), sent('pred 2', ['Vivo', 'en', 'Lugo.'], ['O', 'O', 'O'])];
    expect(() => evaluate(g, p)).toThrow(/example 2, token 2: gold has "Lugo" \(gold.conll sentence 2\), predictions have "Lugo."/);
  });
  it('on a different number of tokens or examples', () => {
    expect(() => evaluate(g, [g[0]!, sent('p2', ['Vivo', 'en'], ['O', 'O'])])).toThrow(/example 2, token 2: .*no token \(only 2\)/);
    expect(() => evaluate(g, [g[0]!])).toThrow(/Gold has 2 examples but predictions have 1.*sentence 2/);
  });
  it('on different texts', () => {
    const a = { ...g[0]!, text: 'Hola Ana' };
    expect(() => evaluate([a], [{ ...a, where: 'p', text: 'Hola, Ana' }])).toThrow(/different texts/);
  });
  it('with a code the CLI can print', () => {
    try { evaluate(g, [g[0]!]); } catch (e) { expect((e as { code: string }).code).toBe('E_EVAL_MISALIGNED'); return; }
    expect.unreachable();
  });
});

// conlleval.pl's one-pass counting, ported line by line (B/I/O/E/S rules of the Perl script): an
// independent reference that never builds chunk sets.
function conllevalPl(pairs: [string[], string[]][]) {
  const split = (t: string): [string, string] => { const m = /^([^-]*)-(.*)$/.exec(t); return m ? [m[1]!, m[2]!] : [t, '']; };
  const end = (pt: string, t: string, pty: string, ty: string) =>
    (pt === 'B' && (t === 'B' || t === 'O')) || (pt === 'I' && (t === 'B' || t === 'O')) || (pt === 'E' && (t === 'E' || t === 'I' || t === 'O'))
    || (pt !== 'O' && pt !== '.' && pty !== ty);
  const start = (pt: string, t: string, pty: string, ty: string) =>
    (t === 'B' && (pt === 'B' || pt === 'I' || pt === 'O')) || (pt === 'O' && t === 'I') || (pt === 'E' && (t === 'E' || t === 'I')) || (pt === 'O' && t === 'E')
    || (t !== 'O' && t !== '.' && pty !== ty);
  let correctChunk = 0, foundCorrect = 0, foundGuessed = 0, inCorrect = false;
  let lc = 'O', lct = '', lg = 'O', lgt = '';
  const lines: [string, string][] = [];
  for (const [g, p] of pairs) { g.forEach((t, i) => lines.push([t, p[i]!])); lines.push(['O', 'O']); }
  for (const [ct, gt] of lines) {
    const [c, cty] = split(ct); const [g, gty] = split(gt);
    const eg = end(lg, g, lgt, gty), ec = end(lc, c, lct, cty), sg = start(lg, g, lgt, gty), sc = start(lc, c, lct, cty);
    if (inCorrect) {
      if (ec && eg && lgt === lct) { inCorrect = false; correctChunk++; } else if (ec !== eg || gty !== cty) inCorrect = false;
    }
    if (sc && sg && gty === cty) inCorrect = true;
    if (sc) foundCorrect++;
    if (sg) foundGuessed++;
    lc = c; lct = cty; lg = g; lgt = gty;
  }
  if (inCorrect) correctChunk++;
  return { tp: correctChunk, fp: foundGuessed - correctChunk, fn: foundCorrect - correctChunk };
}

describe('evaluate against conlleval.pl counting', () => {
  const tag = fc.constantFrom('O', 'O', 'O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG');
  const pairArb = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(fc.array(tag, { minLength: n, maxLength: n }), fc.array(tag, { minLength: n, maxLength: n })));
  it('gives the same tp/fp/fn on random gold/prediction pairs (invalid IOB2 included)', () => {
    fc.assert(fc.property(fc.array(pairArb, { minLength: 1, maxLength: 8 }), (pairs) => {
      const gold = pairs.map(([g], i) => sent(`g${i}`, g.map((_, k) => `w${k}`), g));
      const pred = pairs.map(([, p], i) => sent(`p${i}`, p.map((_, k) => `w${k}`), p));
      expect(evaluate(gold, pred).micro).toMatchObject(conllevalPl(pairs));
    }), { numRuns: 1500 });
  });
});

describe('evaluate: bootstrap', () => {
  const gold: TaggedSentence[] = [];
  const pred: TaggedSentence[] = [];
  for (let i = 0; i < 60; i++) {
    gold.push(sent(`g${i}`, ['Ana', 'vive', 'en', 'Lugo'], ['B-PER', 'O', 'O', 'B-LOC']));
    pred.push(sent(`p${i}`, ['Ana', 'vive', 'en', 'Lugo'], ['B-PER', 'O', 'O', i % 3 === 0 ? 'O' : 'B-LOC']));
  }
  it('brackets the point estimate, is reproducible with a seed and varies with it', () => {
    const a = evaluate(gold, pred, { bootstrap: 300, seed: 7 });
    const b = evaluate(gold, pred, { bootstrap: 300, seed: 7 });
    const c = evaluate(gold, pred, { bootstrap: 300, seed: 8 });
    expect(a.bootstrap!.micro).toEqual(b.bootstrap!.micro);
    expect(a.bootstrap!.micro).not.toEqual(c.bootstrap!.micro);
    expect(a.bootstrap!.micro.low).toBeLessThan(a.micro.f);
    expect(a.bootstrap!.micro.high).toBeGreaterThan(a.micro.f);
    expect(a.bootstrap!.perLabel.PER).toMatchObject({ low: 1, high: 1, sd: 0 });
    expect(a.bootstrap!.perLabel.LOC!.high).toBeLessThanOrEqual(1);
  });
});
