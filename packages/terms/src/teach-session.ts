/**
 * The terms.teach state machine, independent of any front end: it proposes the vocabulary entry
 * nearest to the current query, takes accept / reject / ignore / undo, and moves the query
 * (Rocchio-style: the mean of accepted vectors minus `beta` times the mean of rejected ones, as
 * Prodigy's terms.teach lets accepted terms pull and rejected terms push). No term is proposed
 * twice; an undone term is proposed again next.
 */
import type { Answer } from '@nerflow/corpus';
import { VectorStore } from './vector-store.js';
import { termsError, TermsErrors } from './errors.js';
import { resolveTerm } from './term-key.js';
import { isCandidateTerm } from './candidate-filter.js';
import { TermSpace } from './term-space.js';
import type { CorpusVariants } from './corpus-variants.js';

/** One answered term. `term` is the vocabulary key (lower case, `_` between words of a phrase). */
export interface TermDecision {
  term: string;
  answer: Answer;
  /** Cosine with the query when the term was proposed (1 for seeds). */
  score: number;
  seed?: boolean;
  /** For a phrase or spelling variant: the accepted term it was proposed from. */
  variantOf?: string;
  /** Readable form, when known (stored records carry it; variants outside the vectors need it). */
  display?: string;
}

/** The term waiting for an answer. */
export interface Suggestion {
  term: string;
  score: number;
  seed?: boolean;
  variantOf?: string;
}

export interface TeachSessionOptions {
  seeds: string[];
  /** Weight of the rejected terms' push (0 = rejections only hide terms). Default 0.5. */
  beta?: number;
  /** Decisions from an earlier run (resume): replayed before the first suggestion. */
  previous?: readonly TermDecision[];
  /** Vector for a term outside every vocabulary (fastText subwords), or undefined. */
  oovVector?: (term: string) => Float32Array | undefined;
  /** Which vocabulary entries may be proposed (default `isCandidateTerm`: no stop words or symbol debris). */
  candidate?: (term: string) => boolean;
  /** Phrase and spelling variants from the corpus, proposed after each accepted term. */
  variants?: CorpusVariants;
  /** How many variants per accepted term (default 3; 0 = none). */
  variantsPerTerm?: number;
}

/**
 * Seeds are asked first, like any suggestion (score 1, `seed: true`): an accepted seed is a term,
 * a rejected one is not (and pushes the query away, like any rejection), an ignored one does
 * neither. Seeds answered in an earlier run are not asked again.
 */
export class TeachSession {
  private readonly seen = new Set<number>();
  private readonly history: TermDecision[] = [];
  private readonly beta: number;
  private pending: Suggestion | null = null;
  private readonly redo: Suggestion[] = [];
  private readonly seedQueue: Suggestion[] = [];
  private readonly variantQueue: Suggestion[] = [];
  private readonly candidate: (term: string) => boolean;
  readonly space: TermSpace;
  /** Seeds whose only vector came from fastText subwords (spelling, not meaning): front ends say so. */
  readonly subwordSeeds: string[] = [];
  /** Seeds found only in the general vectors. */
  readonly generalSeeds: string[] = [];

  /** @throws NerError E_TERMS_EMPTY_SEEDS, or E_TERMS_OOV naming the seeds without a vector. */
  constructor(vectors: VectorStore | TermSpace, private readonly options: TeachSessionOptions) {
    this.space = vectors instanceof VectorStore ? new TermSpace(vectors) : vectors;
    const space = this.space;
    this.beta = options.beta ?? 0.5;
    this.candidate = options.candidate ?? isCandidateTerm;
    const seeds = [...new Set(options.seeds.map((s) => resolveTerm((w) => space.has(w) || (space.general?.has(w) ?? false), s)).filter((s) => s !== ''))];
    const previous = options.previous ?? [];
    if (seeds.length === 0 && !previous.some((d) => d.answer === 'accept')) {
      throw termsError(TermsErrors.EMPTY_SEEDS, 'No seed terms given.', {
        hint: 'Pass a few terms of the new type, e.g. --seeds "python,java,javascript".',
      });
    }
    const missing: string[] = [];
    for (const s of seeds) {
      if (space.sides(s).corpus) continue;
      space.add(s);
      if (space.sides(s).general) {
        this.generalSeeds.push(s);
        continue;
      }
      const v = options.oovVector?.(s);
      if (v && v.length === space.corpus.dim) {
        space.setCorpusVector(s, v);
        this.subwordSeeds.push(s);
      } else missing.push(s);
    }
    if (missing.length > 0) {
      throw termsError(TermsErrors.OOV, `Seed term${missing.length > 1 ? 's' : ''} not in the vectors: ${missing.join(', ')}.`, {
        hint: 'Use terms that occur in the corpus the vectors were trained on (phrases are joined with "_", e.g. "base_de_datos"), give general vectors (--general es-base) that know them, or train vectors with a fastText model (subwords) so unknown words get vectors.',
      });
    }
    // Entries that may never be proposed count as seen from the start (one pass over the vocabulary).
    space.keys.forEach((w, i) => {
      if (!this.candidate(w)) this.seen.add(i);
    });
    for (const d of previous) this.apply(d);
    const already = new Set(previous.map((d) => d.term));
    for (const s of seeds) {
      if (already.has(s)) continue;
      this.seen.add(space.indexOf(s));
      this.seedQueue.push({ term: s, score: 1, seed: true });
    }
  }

  /** Every decision so far, oldest first (seeds included). */
  get decisions(): readonly TermDecision[] {
    return this.history;
  }

  get accepted(): string[] {
    return this.history.filter((d) => d.answer === 'accept').map((d) => d.term);
  }

  /** The readable form of a key (the corpus' usual spelling). */
  display(term: string): string {
    return this.space.display[term] ?? term.replace(/_/g, ' ');
  }

  /** The term to answer now, or null when the vocabulary is exhausted. */
  current(): Suggestion | null {
    if (this.pending) return this.pending;
    const next = this.redo.pop() ?? this.seedQueue.shift() ?? this.nextVariant();
    if (next) return (this.pending = next);
    const best = this.space.best(this.termsAnswered('accept'), this.termsAnswered('reject'), this.beta, (i) => this.seen.has(i));
    this.pending = best ? { term: this.space.keys[best.index]!, score: best.score } : null;
    return this.pending;
  }

  private nextVariant(): Suggestion | undefined {
    for (;;) {
      const v = this.variantQueue.shift();
      if (!v) return undefined;
      if (!this.seen.has(this.space.indexOf(v.term))) return v;
    }
  }

  /** Answers the current term; returns the decision (to store). */
  answer(answer: Answer): TermDecision {
    const s = this.current();
    if (!s) throw termsError(TermsErrors.TEACH_STATE, 'There is no term to answer: the vocabulary is exhausted.');
    const d: TermDecision = {
      term: s.term, answer, score: s.score, ...(s.seed ? { seed: true } : {}), ...(s.variantOf ? { variantOf: s.variantOf } : {}),
      display: this.display(s.term),
    };
    this.pending = null;
    this.apply(d);
    if (answer === 'accept') this.queueVariants(d.term);
    return d;
  }

  private queueVariants(term: string): void {
    const n = this.options.variantsPerTerm ?? 3;
    if (!this.options.variants || n <= 0) return;
    const queued = new Set(this.variantQueue.map((v) => v.term));
    const fresh = this.options.variants.variantsOf(term, n * 4)
      .filter((v) => !queued.has(v.key) && this.candidate(v.key) && !this.seen.has(this.space.indexOf(v.key)))
      .slice(0, n);
    for (const v of fresh) {
      this.space.add(v.key, v.display);
      this.variantQueue.push({ term: v.key, score: 1, variantOf: term });
    }
  }

  /**
   * Takes back the last answer (a seed's too): the term is proposed again next, and the variants
   * its acceptance queued are dropped.
   * @returns the removed decision (to delete from storage), or undefined when there is none.
   */
  undo(): TermDecision | undefined {
    const last = this.history.pop();
    if (!last) return undefined;
    const i = this.space.indexOf(last.term);
    // the variants its acceptance queued go (unless already answered), wherever they wait
    const fromIt = (x: Suggestion) => x.variantOf === last.term;
    for (const q of [this.variantQueue, this.redo]) for (let k = q.length - 1; k >= 0; k--) if (fromIt(q[k]!)) q.splice(k, 1);
    if (this.pending && !fromIt(this.pending)) this.redo.push(this.pending);
    else if (this.pending) this.seen.delete(this.space.indexOf(this.pending.term));
    this.pending = { term: last.term, score: last.score, ...(last.seed ? { seed: true } : {}), ...(last.variantOf ? { variantOf: last.variantOf } : {}) };
    if (i >= 0) this.seen.add(i); // pending: not proposed again by the vectors meanwhile
    return last;
  }

  /** The corpus vectors' query (unnormalised): mean of accepted minus beta x mean of rejected. */
  query(): Float64Array {
    return this.space.corpusQuery(this.termsAnswered('accept'), this.termsAnswered('reject'), this.beta);
  }

  private termsAnswered(answer: Answer): string[] {
    return this.history.filter((d) => d.answer === answer).map((d) => d.term);
  }

  private apply(d: TermDecision): void {
    this.history.push(d);
    // a stored decision outside the vocabulary (a variant) becomes a known term again; one whose
    // term has no vector only hides the term
    const i = this.space.add(d.term, d.display);
    this.seen.add(i);
  }
}
