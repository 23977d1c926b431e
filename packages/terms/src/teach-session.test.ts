import { describe, expect, it } from 'vitest';
import { TeachSession, type TermDecision } from './teach-session.js';
import { clusterStore, clusterOf, CLUSTERS } from './__fixtures__/clusters.js';

/** A scripted user who wants programming languages and nothing else. */
const wantsLanguages = (term: string) => (clusterOf(term) === 'lenguaje' ? 'accept' : 'reject');

describe('TeachSession', () => {
  const store = clusterStore();

  it('proposes same-cluster terms first and every term at most once', () => {
    const s = new TeachSession(store, { seeds: ['Python', 'Java'] });
    const shown: string[] = [];
    for (let sug = s.current(); sug; sug = s.current()) {
      shown.push(sug.term);
      s.answer(wantsLanguages(sug.term));
    }
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.length).toBe(store.size); // the seeds first, then everything else, then exhausted
    expect(shown.slice(0, 2)).toEqual(['python', 'java']);
    const nLang = CLUSTERS.lenguaje!.length - 2;
    expect(shown.slice(2, 2 + nLang).every((t) => clusterOf(t) === 'lenguaje')).toBe(true);
    expect(s.accepted.sort()).toEqual([...CLUSTERS.lenguaje!].sort());
    expect(() => s.answer('accept')).toThrow(/exhausted/);
  });

  it('moves the query: an accepted term pulls, a rejected one pushes', () => {
    const s = new TeachSession(store, { seeds: ['python'], beta: 1 });
    const cos = (w: string) => {
      const q = s.query(), v = store.vector(w)!;
      let dot = 0, n = 0;
      for (let i = 0; i < q.length; i++) { dot += q[i]! * v[i]!; n += q[i]! * q[i]!; }
      return dot / Math.sqrt(n);
    };
    expect(s.current()).toMatchObject({ term: 'python', seed: true });
    s.answer('accept');
    while (s.current()!.term !== 'http' && clusterOf(s.current()!.term) !== 'protocolo') s.answer('ignore');
    const before = cos('smtp');
    s.answer('reject');
    expect(cos('smtp')).toBeLessThan(before);
  });

  it('undo takes back the last answer and proposes that term again', () => {
    const s = new TeachSession(store, { seeds: ['python', 'java'] });
    s.answer('accept');
    s.answer('accept');
    const first = s.current()!.term;
    s.answer('reject');
    const second = s.current()!.term;
    expect(s.undo()).toMatchObject({ term: first, answer: 'reject' });
    expect(s.current()!.term).toBe(first);
    s.answer('accept');
    expect(s.current()!.term).toBe(second); // the term shown before the undo comes back
    expect(s.decisions.filter((d) => !d.seed).map((d) => [d.term, d.answer])).toEqual([[first, 'accept']]);
  });

  it('asks the seeds first like any term: a rejected seed is no term, and its answer can be undone', () => {
    const s = new TeachSession(store, { seeds: ['python', 'java'] });
    expect(s.undo()).toBeUndefined(); // nothing answered yet
    expect(s.current()).toEqual({ term: 'python', score: 1, seed: true });
    s.answer('reject'); // given to steer, not wanted as a term
    expect(s.undo()).toMatchObject({ term: 'python', answer: 'reject', seed: true });
    expect(s.current()).toMatchObject({ term: 'python', seed: true });
    s.answer('reject');
    expect(s.current()).toMatchObject({ term: 'java', seed: true });
    s.answer('accept');
    expect(s.accepted).toEqual(['java']);
    expect(s.decisions.map((d) => [d.term, d.answer, d.seed])).toEqual([['python', 'reject', true], ['java', 'accept', true]]);
    // the rejected seed pushes: no term of its cluster is nearer than java's own neighbours
    expect(clusterOf(s.current()!.term)).toBe('lenguaje');
  });

  it('resumes where a user stopped without showing answered terms again', () => {
    const a = new TeachSession(store, { seeds: ['git', 'gcc'] });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(a.current()!.term);
      a.answer(clusterOf(a.current()!.term) === 'herramienta' ? 'accept' : 'reject');
    }
    const saved: TermDecision[] = JSON.parse(JSON.stringify(a.decisions));
    const b = new TeachSession(store, { seeds: ['git', 'gcc'], previous: saved });
    expect(b.decisions).toEqual(a.decisions);
    expect(b.current()).toEqual(a.current());
    for (let sug = b.current(); sug; sug = b.current()) {
      expect(seen).not.toContain(sug.term);
      b.answer('ignore');
    }
  });

  it('explains empty seeds and seeds outside the vocabulary', () => {
    expect(() => new TeachSession(store, { seeds: [' ', ''] })).toThrow(expect.objectContaining({ code: 'E_TERMS_EMPTY_SEEDS' }));
    expect(() => new TeachSession(store, { seeds: ['python', 'kotlin', 'rust'] })).toThrow(/not in the vectors: kotlin, rust/);
  });

  it('uses a subword vector for an unknown seed when one is available', () => {
    const s = new TeachSession(store, { seeds: ['kotlin'], oovVector: () => store.vector('scala' as string) ?? store.vector('java') });
    expect(s.subwordSeeds).toEqual(['kotlin']); // front ends say that its neighbours come from spelling
    expect(s.current()).toMatchObject({ term: 'kotlin', seed: true });
    s.answer('accept');
    expect(clusterOf(s.current()!.term)).toBe('lenguaje');
  });
});

describe('candidate filter', () => {
  it('never proposes stop words, single letters or PDF symbol debris', async () => {
    const { VectorStore } = await import('./vector-store.js');
    const words = ['python', 'java', 'lo', 'que', '𝑓𝑃𝑊𝑀', 'x', '\\newsavebox', 'perror(', '2016', 'ruby'];
    // every word near python, so only the filter keeps them out
    const rows = words.flatMap((_, i) => [1, 0.01 * i]);
    const s = new TeachSession(new VectorStore(words, 2, Float32Array.from(rows)), { seeds: ['python'] });
    const shown: string[] = [];
    for (let sug = s.current(); sug; sug = s.current()) {
      shown.push(sug.term);
      s.answer(sug.seed ? 'accept' : 'reject');
    }
    expect(shown).toEqual(['python', 'java', 'ruby']);
  });
});
