/**
 * The terms.teach state machine, independent of any front end: it proposes the vocabulary entry
 * nearest to the current query, takes accept / reject / ignore / undo, and moves the query
 * (Rocchio-style: the mean of accepted vectors minus `beta` times the mean of rejected ones, as
 * Prodigy's terms.teach lets accepted terms pull and rejected terms push). No term is proposed
 * twice; an undone term is proposed again next.
 */
import type { Answer } from '@nerflow/corpus';
import type { VectorStore } from './vector-store.js';
import { termsError, TermsErrors } from './errors.js';
import { resolveTerm } from './term-key.js';
import { normalize } from './knn.js';
import { isCandidateTerm } from './candidate-filter.js';

/** One answered term. `term` is the vocabulary key (lower case, `_` between words of a phrase). */
export interface TermDecision {
  term: string;
  answer: Answer;
  /** Cosine with the query when the term was proposed (1 for seeds). */
  score: number;
  seed?: boolean;
}

/** The term waiting for an answer. */
export interface Suggestion {
  term: string;
  score: number;
}

export interface TeachSessionOptions {
  seeds: string[];
  /** Weight of the rejected terms' push (0 = rejections only hide terms). Default 0.5. */
  beta?: number;
  /** Decisions from an earlier run (resume): replayed before the first suggestion. */
  previous?: readonly TermDecision[];
  /** Vector for a term outside the vocabulary (fastText subwords), or undefined. */
  oovVector?: (term: string) => Float32Array | undefined;
  /** Which vocabulary entries may be proposed (default `isCandidateTerm`: no stop words or symbol debris). */
  candidate?: (term: string) => boolean;
}

export class TeachSession {
  private readonly seen: Uint8Array;
  private readonly history: TermDecision[] = [];
  private readonly extra = new Map<string, Float32Array>();
  private readonly beta: number;
  private readonly acceptSum: Float64Array;
  private readonly rejectSum: Float64Array;
  private nAccept = 0;
  private nReject = 0;
  private pending: Suggestion | null = null;
  private readonly redo: Suggestion[] = [];

  /** @throws NerError E_TERMS_EMPTY_SEEDS, or E_TERMS_OOV naming the seeds without a vector. */
  constructor(private readonly vectors: VectorStore, options: TeachSessionOptions) {
    this.seen = new Uint8Array(vectors.size);
    this.beta = options.beta ?? 0.5;
    this.acceptSum = new Float64Array(vectors.dim);
    this.rejectSum = new Float64Array(vectors.dim);
    const seeds = [...new Set(options.seeds.map((s) => resolveTerm((w) => vectors.has(w), s)).filter((s) => s !== ''))];
    const previous = options.previous ?? [];
    if (seeds.length === 0 && !previous.some((d) => d.answer === 'accept')) {
      throw termsError(TermsErrors.EMPTY_SEEDS, 'No seed terms given.', {
        hint: 'Pass a few terms of the new type, e.g. --seeds "python,java,javascript".',
      });
    }
    const missing: string[] = [];
    for (const s of seeds) {
      if (this.vectors.has(s)) continue;
      const v = options.oovVector?.(s);
      if (v && v.length === vectors.dim) this.extra.set(s, normalize(Float32Array.from(v)));
      else missing.push(s);
    }
    if (missing.length > 0) {
      throw termsError(TermsErrors.OOV, `Seed term${missing.length > 1 ? 's' : ''} not in the vectors: ${missing.join(', ')}.`, {
        hint: 'Use terms that occur in the corpus the vectors were trained on (phrases are joined with "_", e.g. "base_de_datos"), or train vectors with a fastText model (subwords) so unknown words get vectors.',
      });
    }
    // Entries that may never be proposed count as seen from the start (one pass over the vocabulary).
    const candidate = options.candidate ?? isCandidateTerm;
    vectors.words.forEach((w, i) => {
      if (!candidate(w)) this.seen[i] = 1;
    });
    for (const d of previous) this.apply(d);
    const already = new Set(previous.map((d) => d.term));
    for (const s of seeds) if (!already.has(s)) this.apply({ term: s, answer: 'accept', score: 1, seed: true });
  }

  /** Every decision so far, oldest first (seeds included). */
  get decisions(): readonly TermDecision[] {
    return this.history;
  }

  get accepted(): string[] {
    return this.history.filter((d) => d.answer === 'accept').map((d) => d.term);
  }

  /** The term to answer now, or null when the vocabulary is exhausted. */
  current(): Suggestion | null {
    if (this.pending) return this.pending;
    const again = this.redo.pop();
    if (again) return (this.pending = again);
    const [best] = this.vectors.nearest(this.query(), 1, (i) => this.seen[i] === 1);
    this.pending = best ? { term: best.word, score: best.score } : null;
    return this.pending;
  }

  /** Answers the current term; returns the decision (to store). */
  answer(answer: Answer): TermDecision {
    const s = this.current();
    if (!s) throw termsError(TermsErrors.TEACH_STATE, 'There is no term to answer: the vocabulary is exhausted.');
    const d: TermDecision = { term: s.term, answer, score: s.score };
    this.pending = null;
    this.apply(d);
    return d;
  }

  /**
   * Takes back the last answer (never a seed): the term is proposed again next.
   * @returns the removed decision (to delete from storage), or undefined when there is none.
   */
  undo(): TermDecision | undefined {
    const last = this.history[this.history.length - 1];
    if (!last || last.seed) return undefined;
    this.history.pop();
    this.shift(last, -1);
    const i = this.vectors.indexOf(last.term);
    if (i >= 0) this.seen[i] = 0; // it was a candidate: it was proposed
    if (this.pending) this.redo.push(this.pending);
    this.pending = { term: last.term, score: last.score };
    return last;
  }

  /** The current query vector (unnormalised). */
  query(): Float64Array {
    const q = new Float64Array(this.vectors.dim);
    for (let d = 0; d < q.length; d++) {
      q[d] = (this.nAccept ? this.acceptSum[d]! / this.nAccept : 0) - (this.nReject ? (this.beta * this.rejectSum[d]!) / this.nReject : 0);
    }
    return q;
  }

  private apply(d: TermDecision): void {
    this.history.push(d);
    const i = this.vectors.indexOf(d.term);
    if (i >= 0) this.seen[i] = 1;
    this.shift(d, 1);
  }

  private shift(d: TermDecision, sign: 1 | -1): void {
    if (d.answer === 'ignore') return;
    const v = this.vectors.vector(d.term) ?? this.extra.get(d.term);
    if (!v) return; // a stored decision whose term left the vocabulary: it only hides the term
    const sum = d.answer === 'accept' ? this.acceptSum : this.rejectSum;
    for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + sign * v[k]!;
    if (d.answer === 'accept') this.nAccept += sign;
    else this.nReject += sign;
  }
}
