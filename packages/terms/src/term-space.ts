/**
 * The space the teach loop searches: the user's corpus vectors mixed with general Spanish vectors
 * (es-base's 40k x 64, or any store). A small corpus gives rare words poor vectors (`java` seen 3
 * times has noise for neighbours); general vectors trained on millions of words know `java` is near
 * `python` but know nothing of the corpus' own terms (`pdftex`). So each side keeps its own query
 * (mean of accepted vectors minus `beta` times the mean of rejected ones, Rocchio-style) and a
 * candidate's score is the weighted mean of the cosines of the sides it has a vector on:
 *
 *   score = (w * cos_corpus + (1 - w) * cos_general) / (w + (1 - w))   with both vectors,
 *   score = cos of the one side it has                                  with one.
 *
 * Phrases (`base_de_datos`, `tex_live`) take the mean of their content words' general vectors.
 * Candidates are the corpus vectors' words, plus general-vector words the corpus holds below the
 * vectors' min-count (`java`, `mysql`), plus phrase and case variants added as the loop goes.
 */
import { normalize } from './knn.js';
import { SPANISH_STOPWORDS } from './candidate-filter.js';
import type { VectorStore } from './vector-store.js';

export interface TermSpaceOptions {
  /** General vectors (e.g. es-base's), keyed by lower-case words. */
  general?: VectorStore;
  /** Weight of the corpus vectors' cosine when a term has both (default 0.5). */
  corpusWeight?: number;
  /** Extra candidate words (from the corpus text) that only the general vectors know. */
  extraWords?: Iterable<string>;
}

export interface Scored {
  index: number;
  score: number;
}

export class TermSpace {
  readonly keys: string[] = [];
  /** Readable forms of keys whose form is not the key with spaces (shared with the dataset writer). */
  readonly display: Record<string, string>;
  private readonly index = new Map<string, number>();
  private readonly corpusRow: number[] = [];
  private readonly corpusExtra = new Map<number, Float32Array>();
  private readonly generalRow: number[] = [];
  private readonly generalExtra = new Map<number, Float32Array>();
  readonly corpusWeight: number;

  constructor(readonly corpus: VectorStore, private readonly options: TermSpaceOptions = {}) {
    this.corpusWeight = options.corpusWeight ?? 0.5;
    this.display = { ...(corpus.meta.display ?? {}) };
    corpus.words.forEach((w) => this.add(w));
    for (const w of options.extraWords ?? []) if (options.general?.has(w)) this.add(w);
  }

  get size(): number {
    return this.keys.length;
  }

  get general(): VectorStore | undefined {
    return this.options.general;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  indexOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  /** True when the term has a vector on at least one side. */
  hasVector(key: string): boolean {
    const i = this.indexOf(key);
    return i >= 0 && (this.corpusRow[i]! >= 0 || this.corpusExtra.has(i) || this.generalRow[i]! >= 0 || this.generalExtra.has(i));
  }

  /** Which sides know the term. */
  sides(key: string): { corpus: boolean; general: boolean } {
    const i = this.indexOf(key);
    if (i < 0) return { corpus: false, general: false };
    return { corpus: this.corpusRow[i]! >= 0 || this.corpusExtra.has(i), general: this.generalRow[i]! >= 0 || this.generalExtra.has(i) };
  }

  /**
   * Adds a candidate (a variant, a seed outside the corpus vectors) and returns its index; its
   * general vector is the word's, or the mean of a phrase's content words'.
   */
  add(key: string, display?: string): number {
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const i = this.keys.length;
    this.keys.push(key);
    this.index.set(key, i);
    this.corpusRow.push(this.corpus.indexOf(key));
    const g = this.options.general;
    const gi = g ? g.indexOf(key) : -1;
    this.generalRow.push(gi);
    if (g && gi < 0 && key.includes('_')) {
      const parts = key.split('_').filter((p) => !SPANISH_STOPWORDS.has(p));
      const vs = parts.map((p) => g.vector(p));
      if (parts.length > 0 && vs.every((v) => v)) {
        const sum = new Float32Array(g.dim);
        for (const v of vs) for (let d = 0; d < sum.length; d++) sum[d] = sum[d]! + v![d]!;
        this.generalExtra.set(i, normalize(sum));
      }
    }
    if (display && display !== key.replace(/_/g, ' ')) this.display[key] = display;
    return i;
  }

  /** Gives a term a corpus-side vector it lacks (fastText subwords of an unknown seed). */
  setCorpusVector(key: string, v: Float32Array): void {
    this.corpusExtra.set(this.add(key), normalize(Float32Array.from(v)));
  }

  private corpusVec(i: number): Float32Array | undefined {
    const r = this.corpusRow[i]!;
    return r >= 0 ? this.corpus.matrix.subarray(r * this.corpus.dim, (r + 1) * this.corpus.dim) : this.corpusExtra.get(i);
  }

  private generalVec(i: number): Float32Array | undefined {
    const g = this.options.general;
    const r = this.generalRow[i]!;
    return g && r >= 0 ? g.matrix.subarray(r * g.dim, (r + 1) * g.dim) : this.generalExtra.get(i);
  }

  /** One side's Rocchio query, or undefined when no answered term has a vector there. */
  private sideQuery(dim: number, vec: (i: number) => Float32Array | undefined, accepted: readonly string[], rejected: readonly string[], beta: number): Float64Array | undefined {
    const q = new Float64Array(dim);
    let any = false;
    for (const [terms, w] of [[accepted, 1], [rejected, -beta]] as const) {
      const vs = terms.map((t) => this.indexOf(t)).filter((i) => i >= 0).map(vec).filter((v): v is Float32Array => v !== undefined);
      if (vs.length === 0) continue;
      if (w > 0) any = true;
      for (const v of vs) for (let d = 0; d < dim; d++) q[d] = q[d]! + (w * v[d]!) / vs.length;
    }
    return any ? q : undefined;
  }

  /** The corpus side's query (unnormalised), zeros when none. */
  corpusQuery(accepted: readonly string[], rejected: readonly string[], beta: number): Float64Array {
    return this.sideQuery(this.corpus.dim, (i) => this.corpusVec(i), accepted, rejected, beta) ?? new Float64Array(this.corpus.dim);
  }

  /** The best candidate not skipped, by the mixed score (see the file comment), or null. */
  best(accepted: readonly string[], rejected: readonly string[], beta: number, skip: (index: number) => boolean): Scored | null {
    const qc = this.sideQuery(this.corpus.dim, (i) => this.corpusVec(i), accepted, rejected, beta);
    const g = this.options.general;
    const qg = g ? this.sideQuery(g.dim, (i) => this.generalVec(i), accepted, rejected, beta) : undefined;
    const sc = qc ? this.corpus.scores(qc) : undefined;
    const sg = g && qg ? g.scores(qg) : undefined;
    const qcn = qc && normalize(Float32Array.from(qc));
    const qgn = qg && normalize(Float32Array.from(qg));
    const dot = (a: Float32Array, b: Float32Array) => {
      let s = 0;
      for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
      return s;
    };
    const w = this.corpusWeight;
    let best: Scored | null = null;
    for (let i = 0; i < this.keys.length; i++) {
      if (skip(i)) continue;
      let num = 0, den = 0;
      if (qcn) {
        const r = this.corpusRow[i]!;
        const c = r >= 0 ? sc![r] : this.corpusExtra.has(i) ? dot(qcn, this.corpusExtra.get(i)!) : undefined;
        if (c !== undefined) [num, den] = [num + w * c, den + w];
      }
      if (qgn) {
        const r = this.generalRow[i]!;
        const c = r >= 0 ? sg![r] : this.generalExtra.has(i) ? dot(qgn, this.generalExtra.get(i)!) : undefined;
        if (c !== undefined) [num, den] = [num + (1 - w) * c, den + (1 - w)];
      }
      if (den === 0) continue;
      const s = num / den;
      if (!best || s > best.score) best = { index: i, score: s };
    }
    return best;
  }
}
