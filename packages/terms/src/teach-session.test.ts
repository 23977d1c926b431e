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
    expect(shown.length).toBe(store.size - 2); // everything but the seeds, then exhausted
    const nLang = CLUSTERS.lenguaje!.length - 2;
    expect(shown.slice(0, nLang).every((t) => clusterOf(t) === 'lenguaje')).toBe(true);
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
    while (s.current()!.term !== 'http' && clusterOf(s.current()!.term) !== 'protocolo') s.answer('ignore');
    const before = cos('smtp');
    s.answer('reject');
    expect(cos('smtp')).toBeLessThan(before);
  });

  it('undo takes back the last answer and proposes that term again', () => {
    const s = new TeachSession(store, { seeds: ['python', 'java'] });
    const first = s.current()!.term;
    s.answer('reject');
    const second = s.current()!.term;
    expect(s.undo()).toMatchObject({ term: first, answer: 'reject' });
    expect(s.current()!.term).toBe(first);
    s.answer('accept');
    expect(s.current()!.term).toBe(second); // the term shown before the undo comes back
    expect(s.decisions.filter((d) => !d.seed).map((d) => [d.term, d.answer])).toEqual([[first, 'accept']]);
  });

  it('never undoes a seed', () => {
    const s = new TeachSession(store, { seeds: ['python'] });
    expect(s.undo()).toBeUndefined();
    expect(s.accepted).toEqual(['python']);
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
      s.answer('reject');
    }
    expect(shown).toEqual(['java', 'ruby']);
  });
});
