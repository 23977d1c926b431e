import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPatterns } from '@nerflow/corpus';
import { matchCorpus } from './match-corpus.js';
import { formatMatchSummary } from './match-summary.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-match-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const patterns = file('patrones.jsonl', [
  '{"label":"LENGUAJE","pattern":[{"lower":"visual"},{"lower":"basic"}]}',
  '{"label":"LENGUAJE","pattern":[{"lower":"java"}]}',
  '{"label":"PROTOCOLO","pattern":"TCP/IP"}',
  '{"label":"PROTOCOLO","pattern":[{"lower":"smtp"}]}',
].join('\n') + '\n');

describe('matchCorpus', () => {
  it('adds pattern spans to JSONL examples, keeps other spans, and counts each pattern', async () => {
    const corpus = file('corpus.jsonl', [
      JSON.stringify({ text: 'La práctica se programa en Java y en Visual Basic sobre TCP/IP.', meta: { page: 3 } }),
      JSON.stringify({ text: 'El profesor García explicó Java.', spans: [{ start: 12, end: 18, token_start: 2, token_end: 2, label: 'PER' }] }),
      JSON.stringify({ text: 'Sin términos aquí.' }),
    ].join('\n') + '\n');
    const out = path.join(dir, 'out.jsonl');
    const r = await matchCorpus({ corpus, patterns, out });
    expect(r).toMatchObject({ examples: 3, matches: 4 });
    expect(r.counts.slice(0, 3)).toEqual([
      { pattern: 'java', label: 'LENGUAJE', count: 2 },
      { pattern: 'visual basic', label: 'LENGUAJE', count: 1 },
      { pattern: 'TCP/IP', label: 'PROTOCOLO', count: 1 },
    ]);
    expect(r.counts[3]).toEqual({ pattern: 'smtp', label: 'PROTOCOLO', count: 0 });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const t = rows[0].text as string;
    expect(rows[0].spans.map((s: { start: number; end: number; label: string; source: string }) => [t.slice(s.start, s.end), s.label, s.source])).toEqual([
      ['Java', 'LENGUAJE', 'pattern'], ['Visual Basic', 'LENGUAJE', 'pattern'], ['TCP/IP', 'PROTOCOLO', 'pattern'],
    ]);
    expect(rows[0].meta).toEqual({ page: 3 });
    expect(rows[1].spans.map((s: { label: string }) => s.label)).toEqual(['PER', 'LENGUAJE']);
    expect(rows[2].spans).toEqual([]);
  });

  it('reads CoNLL input and keeps its tokens as they are', async () => {
    const corpus = file('frases.conll', 'Usamos O\nJava B-MISC\ny O\nSMTP O\n.\tO\n');
    const out = path.join(dir, 'conll-out.jsonl');
    const r = await matchCorpus({ corpus, patterns, out });
    const [row] = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(row.tokens.map((t: { text: string }) => t.text)).toEqual(['Usamos', 'Java', 'y', 'SMTP', '.']);
    // the gold MISC span on "Java" wins over the pattern; SMTP is matched
    expect(row.spans.map((s: { label: string; source?: string }) => [s.label, s.source])).toEqual([['MISC', undefined], ['PROTOCOLO', 'pattern']]);
    expect(r.matches).toBe(1);
  });

  it('names file and line of a bad pattern', async () => {
    const bad = file('malos.jsonl', '{"label":"X","pattern":[{"lower":"a"}]}\n{"label":"X","pattern":[{"LEMMA":"ser"}]}\n');
    await expect(readPatterns(bad)).rejects.toMatchObject({ code: 'E_CORPUS_BAD_PATTERN', file: bad, line: 2 });
  });

  it('names file and line of a record without text', async () => {
    const corpus = file('sin-texto.jsonl', '{"text":"hola"}\n{"meta":{}}\n');
    await expect(matchCorpus({ corpus, patterns, out: path.join(dir, 'x.jsonl') })).rejects.toMatchObject({ line: 2 });
  });
});

describe('matchCorpus on a corpus that already has spans (gold)', () => {
  const gold = () => file('oro.jsonl', [
    JSON.stringify({ text: 'Aprendí Java con el profesor García.', spans: [{ start: 8, end: 12, token_start: 1, token_end: 1, label: 'LENGUAJE' }, { start: 29, end: 35, token_start: 5, token_end: 5, label: 'PER' }] }),
    JSON.stringify({ text: 'El servidor habla SMTP.' }),
  ].join('\n') + '\n');

  it('keeps them by default and says how many matches they swallowed', async () => {
    const r = await matchCorpus({ corpus: gold(), patterns, out: path.join(dir, 'oro-keep.jsonl') });
    expect(r).toMatchObject({ examples: 2, withSpans: 1, overlapping: 1, matches: 1 });
    const text = formatMatchSummary(r, 2, 'keep');
    expect(text).toContain('note: 1 examples already had spans, kept in the output; 1 matches overlapped them and were not written.');
    expect(text).toContain('--existing drop');
    // every fact on its own line: nothing runs into the next line
    expect(text.split('\n').at(-1)).toBe('');
    expect(text).toMatch(/^\(3 of 4 patterns never matched\)$/m);
  });

  it('with existing: drop, writes the patterns spans alone', async () => {
    const out = path.join(dir, 'oro-drop.jsonl');
    const r = await matchCorpus({ corpus: gold(), patterns, out, existing: 'drop' });
    expect(r).toMatchObject({ withSpans: 1, overlapping: 0, matches: 2 });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].spans.map((s: { label: string; source: string }) => [s.label, s.source])).toEqual([['LENGUAJE', 'pattern']]);
    expect(formatMatchSummary(r, 0, 'drop')).toContain('dropped (--existing drop)');
  });
});
