/**
 * What the user's corpus says about a term beyond its vector: how often each word occurs (so words
 * below the vectors' min-count can still be proposed through general vectors), their usual
 * spelling, and the frequent n-grams a term occurs in. Used for phrase and case variants in the
 * teach loop: an accepted `TEX` brings `TEX Live` (a frequent bigram holding it) and `MacTEX`
 * (a corpus word holding it); every spelling of a word (`LaTeX`, `LATEX`, `latex`) is one key,
 * so one `lower` pattern covers them.
 */
import { isSpaceToken, tokenize } from '@nerflow/corpus';
import { corpusTexts, SurfaceForms } from './training-text.js';
import { isCandidateTerm, SPANISH_STOPWORDS } from './candidate-filter.js';

const WORD = /[\p{L}\p{N}]/u;

export interface Variant {
  /** Vocabulary-style key (lower case, `_` between words). */
  key: string;
  /** The usual spelling in the corpus. */
  display: string;
  count: number;
}

export interface CorpusVariantsOptions {
  /** Longest n-gram kept (default 3). */
  maxN?: number;
  /** Fewest occurrences of an n-gram or a containing word to be proposed (default 2). */
  minCount?: number;
}

export class CorpusVariants {
  /** Occurrences of each lower-cased word. */
  readonly words = new Map<string, number>();
  private readonly ngrams = new Map<string, number>();
  private readonly forms = new SurfaceForms();
  private readonly minCount: number;
  private total = 0;

  private constructor(private readonly maxN: number, minCount: number) {
    this.minCount = minCount;
  }

  /** Reads a corpus with the corpus reader (JSONL from `nerflow ingest`, CoNLL, plain text). */
  static async fromCorpus(file: string, options: CorpusVariantsOptions = {}): Promise<CorpusVariants> {
    const cv = new CorpusVariants(options.maxN ?? 3, options.minCount ?? 2);
    for await (const { text, tokens } of corpusTexts(file)) cv.addText(text, tokens);
    cv.prune();
    return cv;
  }

  /** Builds from texts in memory (tests, small corpora). */
  static fromTexts(texts: Iterable<string>, options: CorpusVariantsOptions = {}): CorpusVariants {
    const cv = new CorpusVariants(options.maxN ?? 3, options.minCount ?? 2);
    for (const t of texts) cv.addText(t);
    cv.prune();
    return cv;
  }

  private addText(text: string, tokens?: { text: string }[]): void {
    const toks = (tokens ?? tokenize(text).filter((t) => !isSpaceToken(t))).map((t) => t.text);
    let run: string[] = [];
    const flush = () => {
      for (let i = 0; i < run.length; i++) {
        for (let n = 2; n <= this.maxN && i + n <= run.length; n++) {
          const first = run[i]!, last = run[i + n - 1]!;
          if (SPANISH_STOPWORDS.has(first) || SPANISH_STOPWORDS.has(last)) continue;
          const key = run.slice(i, i + n).join('_');
          this.ngrams.set(key, (this.ngrams.get(key) ?? 0) + 1);
        }
      }
      run = [];
    };
    for (const t of toks) {
      if (!WORD.test(t)) {
        flush(); // n-grams never cross punctuation
        continue;
      }
      const lower = this.forms.add(t);
      this.words.set(lower, (this.words.get(lower) ?? 0) + 1);
      this.total++;
      run.push(lower);
    }
    flush();
  }

  private prune(): void {
    for (const [k, c] of this.ngrams) if (c < this.minCount) this.ngrams.delete(k);
  }

  /** The usual spelling of a key (`tex_live` -> `TeX Live`). */
  display(key: string): string {
    return key.split('_').map((w) => this.forms.best(w)).join(' ');
  }

  /**
   * Phrase and spelling variants of an accepted term, most frequent first: frequent n-grams that
   * hold its words in a row (`tex` -> `tex_live`), and corpus words that hold it (`tex` ->
   * `mactex`; terms of 3+ letters only, so `c` does not bring every word with a c).
   */
  variantsOf(key: string, max = 3): Variant[] {
    const out: Variant[] = [];
    const parts = key.split('_');
    const inside = (k: string) => {
      const ws = k.split('_');
      for (let i = 0; i + parts.length <= ws.length; i++) if (parts.every((p, j) => ws[i + j] === p)) return true;
      return false;
    };
    for (const [k, count] of this.ngrams) {
      if (k !== key && k.split('_').length > parts.length && inside(k) && this.nameLike(k, parts)) out.push({ key: k, display: this.display(k), count });
    }
    if (parts.length === 1 && [...key].length >= 3) {
      for (const [w, count] of this.words) {
        if (w !== key && count >= this.minCount && isCandidateTerm(w) && !/[/@?=&]|^www\.|['’]s$/.test(w) && this.holds(w, key)) out.push({ key: w, display: this.display(w), count });
      }
    }
    return out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, max);
  }

  /**
   * True when an n-gram reads as a name made with the term rather than a phrase that merely holds it
   * (`TEX Live`, `Windows NT`, `LATEX 2ε`, `stepper motor`; not `instrucciones LATEX` or
   * `versiones para Linux`): no function word inside, and every other word written with a capital
   * or a digit, or (two words, seen 5+ times) the pair strongly associated (NPMI >= 0.5, as phrases.ts scores).
   */
  private nameLike(k: string, parts: string[]): boolean {
    const ws = k.split('_');
    if (ws.some((w) => SPANISH_STOPWORDS.has(w))) return false;
    const others = ws.filter((w) => !parts.includes(w));
    if (others.every((w) => /[\p{Lu}\p{N}]/u.test(this.forms.best(w)))) return true;
    if (ws.length !== 2 || (this.ngrams.get(k) ?? 0) < 5) return false; // NPMI of rare pairs says little
    const pxy = (this.ngrams.get(k) ?? 0) / this.total;
    const px = (this.words.get(ws[0]!) ?? 0) / this.total, py = (this.words.get(ws[1]!) ?? 0) / this.total;
    return pxy > 0 && Math.log(pxy / (px * py)) / -Math.log(pxy) >= 0.5;
  }

  /**
   * True when `word` holds `key` as a part of its own, not as letters of another word: at its end
   * (`pdftex`, `mactex`), or at a boundary marked by a non-letter (`tex2pdf`, `tex-live`) or by a
   * change of case in the usual spelling (`MacTEX`, `JavaScript`); `texto` and `contexto` do not
   * hold `tex`.
   */
  private holds(word: string, key: string): boolean {
    const at = word.indexOf(key);
    if (at < 0) return false;
    if (at + key.length === word.length) return true;
    const shown = this.forms.best(word);
    const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
    const caseOf = (c: string) => (c === c.toLowerCase() ? (c === c.toUpperCase() ? 'n' : 'l') : 'u');
    const boundary = (i: number) => {
      const a = shown[i - 1], b = shown[i];
      if (a === undefined || b === undefined) return true;
      if (!isLetter(a) || !isLetter(b)) return true;
      return caseOf(a) !== caseOf(b) && shown.length === word.length;
    };
    return boundary(at) && boundary(at + key.length);
  }
}
