import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitChunk, splitChunkByRules } from './tokenizer.js';

// splitChunk answers the common chunk shapes without the rules; it must give what the rules give.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(repo, '../shared/data/raw-es');

const chunksOf = (text: string) => text.split(/\s+/u).filter((c) => c.length > 0);

/** Every chunk of `text` where the fast path and the rules disagree (at most 10). */
function disagreements(text: string): { chunk: string; fast: string[]; rules: string[] }[] {
  const out = [];
  for (const chunk of new Set(chunksOf(text))) {
    const fast = splitChunk(chunk);
    const rules = splitChunkByRules(chunk);
    if (fast.join('\u0001') !== rules.join('\u0001')) out.push({ chunk, fast, rules });
    if (out.length >= 10) break;
  }
  return out;
}

/** The committed Spanish samples: the marketing sources, the ingest fixture notes, AnCora tokens as text. */
function committedText(): string {
  const source = path.join(repo, 'examples/marketing-es/source');
  const parts = readdirSync(source).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(source, f), 'utf8'));
  parts.push(readFileSync(path.join(repo, 'packages/ingest/src/__fixtures__/notas.txt'), 'utf8'));
  const ancora = readFileSync(path.join(repo, 'packages/corpus/src/__fixtures__/ancora-es/dev-every10th.tsv'), 'utf8');
  parts.push(ancora.split('\n').map((l) => l.split('\t')[0]).join(' '));
  return parts.join('\n');
}

describe('splitChunk (fast path) equals splitChunkByRules', () => {
  it('on the committed Spanish samples, most chunks taking the fast path', () => {
    const text = committedText();
    expect(disagreements(text)).toEqual([]);
    // The path is worth having only if it is the common case; and the samples must reach the rules too.
    const chunks = chunksOf(text);
    const plain = chunks.filter((c) => /^[\p{L}\p{N}]+[.,;:]?$/u.test(c)).length;
    expect(plain / chunks.length).toBeGreaterThan(0.8);
    expect(chunks.some((c) => splitChunkByRules(c).length > 2)).toBe(true);
  });

  it('on the cases the fast path must hand over or get right (abbreviations, numbers, quotes)', () => {
    const cases = ['Sr.', '(Sra.', 'EE.UU.', 'J.', 'etc.', 'no.', 'palabra.', '2024.', '-5', '+34', '1er,', '1º.', '3.º', '¿Qué', '«campaña»', 'John\'s',
      'Ana\'', '’i386’', '12,5%', '(o', '€20)', 'ana@ejemplo.es.', '@nerflow_es', '#SEO,', '10:30.', 'Windows.10', 'EDITOR=vim', '...y', 'y…', 'TCP/IP', 'x²', 'ﬁn.'];
    for (const c of cases) expect(splitChunk(c), c).toEqual(splitChunkByRules(c));
    expect(splitChunk('(Sra.')).toEqual(['(', 'Sra.']);
    expect(splitChunk('palabra.')).toEqual(['palabra', '.']);
  });

  it('on random chunks of letters, digits and punctuation (property)', () => {
    const piece = fc.constantFrom(...'aáñÉZ09º².,;:¿?¡!()[]«»“”‘’"\'%€$°*•·–—-+/=@#…_'.split(''), 'Sr', 'de', 'es', 'https://', 'www.');
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (parts) => {
      const chunk = parts.join('');
      expect(splitChunk(chunk)).toEqual(splitChunkByRules(chunk));
    }), { numRuns: 3000 });
  });

  it.skipIf(!existsSync(shared))('on ../shared/data/raw-es (Debian manuals, the Reina-Valera Bible, fortunes)', () => {
    for (const f of readdirSync(shared).filter((x) => x.endsWith('.txt'))) {
      expect(disagreements(readFileSync(path.join(shared, f), 'utf8')), f).toEqual([]);
    }
  });
});
