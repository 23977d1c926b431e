import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '@nerflow/store';
import { quietContext } from '@nerflow/core';
import { CorpusVariants } from './corpus-variants.js';
import { loadGeneralVectors } from './general-vectors.js';
import { TermSpace } from './term-space.js';
import { TeachSession } from './teach-session.js';
import { runTeach, type TeachFrontEnd } from './teach.js';
import { acceptedTerms } from './terms-dataset.js';
import { termsToPatterns } from './to-patterns.js';
import { clusterStore, clusterOf } from './__fixtures__/clusters.js';
import { VectorStore } from './vector-store.js';

// Spanish text in the style of the TeX FAQ of pdfs-es: TeX distributions, a spelling variant
// (MacTEX / MacTeX), and words that hold "tex" without being TeX (texto, contexto).
const APUNTES = [
  'Para instalar TEX en Linux lo más sencillo es la distribución TEX Live, que incluye LATEX y BibTEX.',
  'En Mac la distribución recomendada es MacTEX, que se basa en TEX Live.',
  'MacTeX trae además un editor de texto sencillo; el contexto de cada orden se explica en el manual.',
  'En Windows se usa MiKTEX o TEX Live; ambas traen pdfTEX y el texto del manual en castellano.',
  'La base de datos de la práctica se guarda en MySQL y la base de datos de prueba en SQLite.',
];

describe('CorpusVariants (phrase and spelling variants from the corpus)', () => {
  const cv = CorpusVariants.fromTexts(APUNTES);

  it('proposes frequent n-grams and corpus words that hold the term, with their usual spelling', () => {
    const v = cv.variantsOf('tex', 5);
    expect(v.map((x) => x.display)).toEqual(expect.arrayContaining(['TEX Live', 'MacTEX']));
    expect(v.find((x) => x.key === 'mactex')).toMatchObject({ count: 2 }); // MacTEX and MacTeX: one key, one lower pattern
    expect(v.map((x) => x.key)).not.toContain('texto'); // texto and contexto do not hold the term TeX
    expect(v.map((x) => x.key)).not.toContain('contexto');
    // a phrase with a function word inside, or one with ordinary lower-case words, is not a name made with the term
    expect(cv.variantsOf('datos').map((x) => x.display)).not.toContain('base de datos');
    expect(cv.variantsOf('tex').map((x) => x.key)).not.toContain('distribución_tex');
    expect(cv.words.get('mysql')).toBe(1);
  });
});

describe('TermSpace and the teach loop with general vectors and variants', () => {
  const general = loadGeneralVectors('es-base').store;

  it('reads es-base\'s shipped static vectors as general vectors', () => {
    expect(general).toBeDefined();
    expect(general!.dim).toBe(64);
    expect(general!.size).toBe(40_000);
    const [nb] = general!.nearest(general!.vector('python')!, 1, (i) => general!.words[i] === 'python');
    expect(nb!.score).toBeGreaterThan(0.5);
  });

  it('refuses an explicit general reference that is not vectors, naming it', () => {
    expect(() => loadGeneralVectors('/nonexistent/vectors')).toThrow(expect.objectContaining({ code: 'E_TERMS_NO_VECTORS', file: '/nonexistent/vectors' }));
    expect(loadGeneralVectors('none')).toEqual({});
  });

  it('a seed missing from the corpus vectors gets its general vector instead of subwords', () => {
    const corpus = clusterStore(); // knows latex, not pdflatex, xelatex or dblatex
    const space = new TermSpace(corpus, { general, extraWords: ['xelatex', 'dblatex', 'universidad', 'alumnos'] });
    const s = new TeachSession(space, { seeds: ['pdflatex'], oovVector: () => { throw new Error('subwords must not be used'); } });
    expect(s.generalSeeds).toEqual(['pdflatex']);
    expect(s.subwordSeeds).toEqual([]);
    expect(s.current()).toMatchObject({ term: 'pdflatex', seed: true });
    s.answer('accept');
    const next = s.current()!;
    expect(['xelatex', 'dblatex', 'latex']).toContain(next.term); // es-base: xelatex 0.91, dblatex 0.92, latex 0.90
    s.answer('accept');
    const shown = [s.current()!.term];
    s.answer('accept');
    shown.push(s.current()!.term);
    expect(shown.filter((t) => ['xelatex', 'dblatex', 'latex'].includes(t)).length).toBeGreaterThan(0);
  });

  it('mixes the two cosines for terms both sides know', () => {
    const corpus = clusterStore();
    const space = new TermSpace(corpus, { general, corpusWeight: 0.5 });
    const q = (i: number, s: VectorStore, w: string) => {
      const a = s.vector(w)!, b = s.vector(space.keys[i]!)!;
      return a.reduce((acc, x, d) => acc + x * b[d]!, 0);
    };
    const best = space.best(['python'], [], 0.5, (i) => space.keys[i] === 'python')!;
    const w = space.keys[best.index]!;
    expect(best.score).toBeCloseTo((q(best.index, corpus, 'python') + q(best.index, general!, 'python')) / 2, 5);
    expect(clusterOf(w)).toBe('lenguaje');
  });

  it('proposes variants after an accepted term; a rejected seed never becomes a pattern', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-variants-'));
    const corpusFile = path.join(dir, 'apuntes.jsonl');
    writeFileSync(corpusFile, APUNTES.map((text) => JSON.stringify({ text })).join('\n') + '\n');
    const vectors = path.join(dir, 'v.nfv');
    clusterStore().save(vectors);
    const shown: { display: string; seed?: boolean; variantOf?: string }[] = [];
    const notes: string[] = [];
    const answers: Record<string, 'accept' | 'reject'> = { latex: 'accept', emacs: 'reject' };
    const ui: TeachFrontEnd = {
      async ask(s) {
        shown.push({ display: s.display, ...(s.seed ? { seed: true } : {}), ...(s.variantOf ? { variantOf: s.variantOf } : {}) });
        if (shown.length > 6) return 'quit';
        return answers[s.term] ?? (s.variantOf ? 'accept' : 'reject');
      },
      note: (m) => notes.push(m),
    };
    const db = path.join(dir, 't.db');
    await runTeach({ vectors, seeds: ['latex', 'emacs'], label: 'SOFTWARE', dataset: 'software', db, corpus: corpusFile, general: 'none' }, ui, quietContext());
    expect(shown.slice(0, 2)).toEqual([{ display: 'latex', seed: true }, { display: 'emacs', seed: true }]);
    // accepting latex queued what the corpus holds it in: none here beyond itself; the loop goes on with the vectors
    const store = openStore({ db });
    const accepted = await acceptedTerms(store, 'software', 'SOFTWARE');
    await store.close();
    expect(accepted).toContain('latex');
    expect(accepted).not.toContain('emacs'); // the rejected seed
    expect(termsToPatterns(accepted, { label: 'SOFTWARE' }).map((p) => JSON.stringify(p.pattern))).not.toContain('[{"lower":"emacs"}]');
  });

  it('queues TEX Live and MacTEX after TEX is accepted, stores them with their spelling, and undo drops them', () => {
    const words = ['tex', 'latex', 'pdftex', 'casa', 'alumno'];
    const rows = [1, 0, 0.9, 0.1, 0.8, 0.2, 0, 1, 0.1, 0.9];
    const corpus = new VectorStore(words, 2, Float32Array.from(rows));
    const variants = CorpusVariants.fromTexts(APUNTES);
    const s = new TeachSession(new TermSpace(corpus), { seeds: ['tex'], variants, variantsPerTerm: 2 });
    s.answer('accept'); // the seed
    const v1 = s.current()!;
    expect(v1).toMatchObject({ variantOf: 'tex' });
    expect(['tex_live', 'mactex']).toContain(v1.term);
    const d = s.answer('accept');
    expect(d.display).toMatch(/^(TEX Live|MacTEX)$/);
    expect(s.undo()).toMatchObject({ term: v1.term });
    s.undo(); // the seed: its variants leave the queue
    s.answer('reject');
    expect(s.current()?.variantOf).toBeUndefined();
  });
});
