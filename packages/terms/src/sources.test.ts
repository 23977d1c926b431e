import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { matchCorpus } from './match-corpus.js';
import { corpusTexts } from './training-text.js';

// Issue 15: terms reads corpora with the corpus reader every stage uses, db: included.
const ANCORA = path.join(import.meta.dirname, '../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');

const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-terms-src-'));
const patterns = path.join(dir, 'patrones.jsonl');
writeFileSync(patterns, '{"label":"LUGAR","pattern":[{"lower":"barcelona"}]}\n{"label":"LUGAR","pattern":[{"lower":"madrid"}]}\n');

async function matched(corpus: string, db?: string): Promise<{ examples: number; matches: number; first: string }> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  const r = await matchCorpus({ corpus, patterns, out, existing: 'drop', db });
  const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; spans: { label: string; source: string }[] });
  const first = rows.find((x) => x.spans.length)!;
  expect(first.spans.every((s) => s.label === 'LUGAR' && s.source === 'pattern')).toBe(true);
  return { examples: r.examples, matches: r.matches, first: first.text };
}

describe('terms match and vectors read JSONL, CoNLL and db: sources alike', () => {
  it('matches patterns in the AnCora CoNLL sample, its JSONL form and a stored copy, with the same counts', async () => {
    const examples = (await readCorpus(ANCORA)).map((x) => x.example);
    const jsonl = path.join(dir, 'ancora.jsonl');
    writeFileSync(jsonl, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const db = path.join(dir, 'terms.db');
    const store = new SqliteStore(db);
    await store.add('ancora', examples);
    await store.close();

    const fromConll = await matched(ANCORA);
    expect(fromConll.examples).toBe(300);
    expect(fromConll.matches).toBeGreaterThan(3);
    expect(await matched(jsonl)).toEqual(fromConll);
    expect(await matched('db:ancora', db)).toEqual(fromConll);
  });

  it('the texts vectors train on are the same from CoNLL and from db:', async () => {
    const db = path.join(dir, 'textos.db');
    const store = new SqliteStore(db);
    await store.add('frases', [{ text: 'Madrid y Barcelona.' }, { text: 'Sevilla en mayo.' }]);
    await store.close();
    const texts: string[] = [];
    for await (const t of corpusTexts('db:frases', { db })) texts.push(t.text);
    expect(texts).toEqual(['Madrid y Barcelona.', 'Sevilla en mayo.']);
    const conll = path.join(dir, 'frases.conll');
    writeFileSync(conll, 'Madrid B-LOC\ny O\nBarcelona B-LOC\n. O\n\nSevilla B-LOC\nen O\nmayo O\n. O\n');
    const fromConll: string[] = [];
    for await (const t of corpusTexts(conll)) fromConll.push(t.text);
    expect(fromConll).toEqual(['Madrid y Barcelona .', 'Sevilla en mayo .']);
  });

  it('a bad corpus line stops with the file and line', async () => {
    const bad = path.join(dir, 'rota.jsonl');
    writeFileSync(bad, '{"text": "Bien."}\n{"texto": "mal"}\n');
    await expect(matchCorpus({ corpus: bad, patterns, out: path.join(dir, 'x.jsonl') })).rejects.toMatchObject({ code: 'E_CORPUS_SCHEMA', file: bad, line: 2 });
  });
});
