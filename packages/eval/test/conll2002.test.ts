import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEval } from '../src/index.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data/conll2002-es/esp.testa');
const PEER = resolve(import.meta.dirname, '../../../../shared/peer/conlleval.py');
/** The committed CC BY 4.0 AnCora sample: the same checks run on a fresh clone, without ../shared. */
const ANCORA = resolve(import.meta.dirname, '../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');
if (!existsSync(DATA)) console.log(`[skip] ${DATA} is absent: CoNLL-2002 gold-vs-gold and corrupted-copy tests skipped (the AnCora sample's run)`);

/** Sentences of a CoNLL file as [token, tag][] (the test's own reader, independent of corpus). */
function readRaw(path: string): [string, string][][] {
  return readFileSync(path, 'utf8').split(/\n\s*\n/).map((s) => s.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const cols = l.split(/\s+/);
    return [cols[0]!, cols.at(-1)!] as [string, string];
  })).filter((s) => s.length > 0);
}

/**
 * Corrupts the gold tags deterministically and counts what each corruption must do to the scores:
 * every 10th entity deleted (1 missed), every 10th + 3 relabelled (1 type error: FP + FN), every
 * 10th + 6 that follows an O gets I- instead of B- (unchanged for conlleval, missed in strict IOB2),
 * and every 50th O token (in gold and after the above) between two O tokens becomes B-MISC (1 spurious).
 */
function corrupt(sents: [string, string][][]) {
  const n = { entities: 0, deleted: 0, retyped: 0, bToI: 0, spurious: 0, oTokens: 0 };
  const swap: Record<string, string> = { PER: 'ORG', ORG: 'LOC', LOC: 'PER', MISC: 'PER', DATE: 'NUM', NUM: 'DATE' };
  const out = sents.map((s) => {
    const tags = s.map(([, t]) => t);
    for (let i = 0; i < tags.length; i++) {
      if (!tags[i]!.startsWith('B-')) continue;
      let end = i + 1;
      const type = tags[i]!.slice(2);
      while (end < tags.length && tags[end] === `I-${type}`) end++;
      const k = n.entities++ % 10;
      if (k === 0) { for (let j = i; j < end; j++) tags[j] = 'O'; n.deleted++; }
      else if (k === 3) { for (let j = i; j < end; j++) tags[j] = tags[j]!.slice(0, 2) + swap[type]; n.retyped++; }
      else if (k === 6 && (i === 0 || tags[i - 1] === 'O')) { tags[i] = `I-${type}`; n.bToI++; }
      i = end - 1;
    }
    const corrupted = [...tags];
    for (let i = 0; i < tags.length; i++) {
      if (s[i]![1] === 'O' && tags[i] === 'O' && (tags[i - 1] ?? 'O') === 'O' && (tags[i + 1] ?? 'O') === 'O' && n.oTokens++ % 50 === 49) {
        corrupted[i] = 'B-MISC';
        n.spurious++;
      }
    }
    return s.map(([w], i) => [w, corrupted[i]!] as [string, string]);
  });
  return { out, n };
}

const write = (path: string, sents: [string, string][][]) => writeFileSync(path, `${sents.map((s) => s.map(([w, t]) => `${w} ${t}`).join('\n')).join('\n\n')}\n`);

const CASES = [
  { name: 'CoNLL-2002 Spanish (esp.testa)', DATA, sentences: 1915, entities: 4352, labels: ['LOC', 'MISC', 'ORG', 'PER'] },
  { name: 'AnCora-ES sample (committed)', DATA: ANCORA, sentences: 300, entities: 612, labels: ['DATE', 'LOC', 'MISC', 'NUM', 'ORG', 'PER'] },
];

for (const { name, DATA, sentences, entities, labels } of CASES) describe.skipIf(!existsSync(DATA))(name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-'));
  // describe.skipIf still runs this body to collect the tests: read nothing when the data is absent.
  const gold = existsSync(DATA) ? readRaw(DATA) : [];
  const { out, n } = corrupt(gold);
  const pred = join(dir, 'gold.corrupted');
  if (existsSync(DATA)) write(pred, out);
  afterAll(() => rmSync(dir, { recursive: true, force: true })); // a derived copy (CoNLL-2002 is research-only)

  it('scores gold against itself as 1.0', async () => {
    const { json } = await runEval({ gold: DATA, pred: DATA, bootstrap: 50 });
    expect(json.sentences).toBe(sentences);
    expect(json.micro).toEqual({ p: 1, r: 1, f: 1, tp: entities, fp: 0, fn: 0 });
    expect(json.accuracy).toBe(1);
    expect(json.bootstrap!.micro).toMatchObject({ low: 1, high: 1 });
    expect(Object.keys(json.perLabel)).toEqual(labels);
  });

  it('gives the expected counts on a corrupted copy (conlleval rules)', async () => {
    expect(n.entities).toBe(entities);
    expect(n.bToI).toBeGreaterThan(entities / 50);
    const { json, result } = await runEval({ gold: DATA, pred });
    expect(json.micro).toMatchObject({ tp: n.entities - n.deleted - n.retyped, fp: n.retyped + n.spurious, fn: n.deleted + n.retyped });
    const kinds = (k: string) => result.errors.filter((e) => e.kind === k).length;
    expect([kinds('missed'), kinds('type'), kinds('spurious'), kinds('boundary')]).toEqual([n.deleted, n.retyped, n.spurious, 0]);
    expect(result.partial.exact).toMatchObject({ correct: n.entities - n.deleted, missed: n.deleted, spurious: n.spurious });
    const goldTags = gold.flat().length;
    expect(json.accuracy).toBeLessThan(1);
    expect(json.tokens).toBe(goldTags);
  });

  it('gives the expected counts on the corrupted copy in strict IOB2 mode (I- without B- is no entity)', async () => {
    const { json } = await runEval({ gold: DATA, pred, strict: true });
    expect(json.micro).toMatchObject({
      tp: n.entities - n.deleted - n.retyped - n.bToI, fp: n.retyped + n.spurious, fn: n.deleted + n.retyped + n.bToI,
    });
  });

  it.skipIf(!existsSync(PEER) || !existsSync('/usr/bin/python3'))('agrees with the reference conlleval.py to the count', async () => {
    const ref = JSON.parse(execFileSync('/usr/bin/python3', [PEER, DATA, pred], { encoding: 'utf8' }));
    const { json } = await runEval({ gold: DATA, pred });
    expect(json.micro).toMatchObject({ tp: ref.micro.tp, fp: ref.micro.fp, fn: ref.micro.fn });
    for (const [label, s] of Object.entries(ref.labels as Record<string, { tp: number; fp: number; fn: number; f: number }>)) {
      expect(json.perLabel[label]).toMatchObject({ tp: s.tp, fp: s.fp, fn: s.fn });
      expect(json.perLabel[label]!.f).toBeCloseTo(s.f, 12);
    }
  });
});
