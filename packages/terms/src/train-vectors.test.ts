import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainVectors, modelPathFor } from './train-vectors.js';
import { hasNativeFastText } from './fasttext/native.js';
import { loadSubwordModel } from './fasttext/subwords.js';
import { VectorStore } from './vector-store.js';

/** A small Spanish computer-engineering corpus: repeated sentences with varied fillers. */
function corpus(): string {
  const langs = ['Python', 'Java', 'JavaScript', 'Haskell', 'Pascal'];
  const protos = ['TCP', 'UDP', 'HTTP', 'FTP', 'SMTP'];
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const l = langs[i % 5]!, m = langs[(i * 3 + 1) % 5]!, p = protos[i % 5]!, q = protos[(i * 2 + 3) % 5]!;
    lines.push(`El programa está escrito en ${l} y compilado con el compilador de ${m}.`);
    lines.push(`La aplicación envía los datos por ${p} a través de la red, igual que ${q}.`);
    lines.push(`Guardamos las notas del alumno en una base de datos relacional con índices.`);
    lines.push(`La tasa de transferencia de ${p} depende de la base de datos y del programa en ${l}.`);
  }
  return lines.join('\n') + '\n';
}

describe('trainVectors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-train-'));
  const input = path.join(dir, 'corpus.txt');
  writeFileSync(input, corpus());
  const ft = { dim: 16, epoch: 3, minCount: 2, bucket: 5000, seed: 3 };

  it('trains with fasttext.wasm in a worker: phrases, display forms, same vectors for the same seed', async () => {
    const a = await trainVectors({ corpus: input, out: path.join(dir, 'a.nfv'), engine: 'wasm', fasttext: ft, phrases: { minCount: 20 } });
    const b = await trainVectors({ corpus: input, out: path.join(dir, 'b.nfv'), engine: 'wasm', fasttext: ft, phrases: { minCount: 20 }, keepModel: false });
    expect(a.engine).toBe('wasm');
    const sa = VectorStore.load(a.out), sb = VectorStore.load(b.out);
    expect(sa.has('base_de_datos')).toBe(true);
    expect(sa.has('</s>')).toBe(false);
    expect(sa.meta.display?.['javascript']).toBe('JavaScript');
    expect(sa.meta.corpus).toBe('corpus.txt'); // relative to the store: the teach loop's variants read it, and the file stays the same elsewhere
    expect(sa.words).toEqual(sb.words);
    expect(Array.from(sa.matrix)).toEqual(Array.from(sb.matrix));
    expect(existsSync(modelPathFor(a.out))).toBe(true);
    expect(existsSync(modelPathFor(b.out))).toBe(false);
    // the kept model gives a vector for a word it never saw, close to its spelling neighbour
    const sub = await loadSubwordModel(modelPathFor(a.out));
    expect(sub.dim).toBe(16);
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((acc, xi, i) => acc + xi * y[i]!, 0) / Math.hypot(...x) / Math.hypot(...y);
    const [w, other] = sa.words.filter((x) => x.length >= 6 && !x.includes('_'));
    expect(cos(sub.vector(w!), sa.vector(w!)!)).toBeCloseTo(1, 5); // same vectors as the store
    const oov = `${w}s`;
    expect(sa.has(oov)).toBe(false);
    expect(cos(sub.vector(oov), sa.vector(w!)!)).toBeGreaterThan(cos(sub.vector(oov), sa.vector(other!)!));
    sub.dispose();
  });

  it.skipIf(!hasNativeFastText())('trains with the native fasttext binary into the same format', async () => {
    const r = await trainVectors({ corpus: input, out: path.join(dir, 'n.nfv'), engine: 'native', fasttext: ft, phrases: { minCount: 20 } });
    expect(r.engine).toBe('native');
    const s = VectorStore.load(r.out);
    expect(s.dim).toBe(16);
    expect(s.has('base_de_datos')).toBe(true);
    expect(s.meta.subwordModel).toBe('n.fasttext.bin');
    // one thread + the same seed: the same vectors again
    const again = await trainVectors({ corpus: input, out: path.join(dir, 'n2.nfv'), engine: 'native', fasttext: ft, phrases: { minCount: 20 }, keepModel: false });
    expect(Array.from(VectorStore.load(again.out).matrix)).toEqual(Array.from(s.matrix));
  });

  it('refuses a corpus without words', async () => {
    const empty = path.join(dir, 'vacio.txt');
    writeFileSync(empty, '... ; !!\n');
    await expect(trainVectors({ corpus: empty, out: path.join(dir, 'e.nfv'), engine: 'wasm' })).rejects.toMatchObject({ code: 'E_TERMS_EMPTY_CORPUS' });
  });
});

describe('autoSettings', () => {
  it('gives small corpora many passes and a higher learning rate, and keeps explicit values', async () => {
    const { autoSettings, DEFAULT_FASTTEXT } = await import('./fasttext/settings.js');
    expect(autoSettings(DEFAULT_FASTTEXT, 150_000)).toMatchObject({ epoch: 27, lr: 0.1 });
    expect(autoSettings(DEFAULT_FASTTEXT, 20_000_000)).toMatchObject({ epoch: 5, lr: 0.05 });
    expect(autoSettings({ ...DEFAULT_FASTTEXT, epoch: 7, lr: 0.02 }, 150_000)).toMatchObject({ epoch: 7, lr: 0.02 });
  });
});

describe('corpusTexts', () => {
  it('reads JSONL records, CoNLL sentences and plain text lines', async () => {
    const { corpusTexts } = await import('./training-text.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-texts-'));
    const all = async (p: string) => { const out: string[] = []; for await (const t of corpusTexts(p)) out.push(t.text); return out; };
    writeFileSync(path.join(dir, 'a.jsonl'), '{"text":"La red usa TCP/IP."}\n{"text":"  "}\n');
    writeFileSync(path.join(dir, 'esp.train'), 'Usamos O\nJava B-MISC\n\nEl O\ncompilador O\n');
    writeFileSync(path.join(dir, 'notas.txt'), 'Primera línea del apunte.\n\nSegunda línea: gcc y make.\n');
    expect(await all(path.join(dir, 'a.jsonl'))).toEqual(['La red usa TCP/IP.']);
    expect(await all(path.join(dir, 'esp.train'))).toEqual(['Usamos Java', 'El compilador']);
    expect(await all(path.join(dir, 'notas.txt'))).toEqual(['Primera línea del apunte.', 'Segunda línea: gcc y make.']);
  });
});
