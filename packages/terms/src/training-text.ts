/**
 * From a corpus to what word vectors train on: lower-cased words of each text, cut into segments
 * at punctuation and line breaks (phrases never cross them), with the usual spelling of every
 * word remembered so that `tcp/ip` can be shown as `TCP/IP`.
 */
import { openCorpus, tokensOf, type Token } from '@nerflow/corpus';

const WORDISH = /[\p{L}\p{N}]/u;

/**
 * The texts of a corpus, read by the corpus reader (so `terms` accepts what every stage accepts):
 * the `text` of each record of a JSONL file (tokens kept when present), the sentences of a CoNLL
 * file, the examples of `db:DATASET`, or each non-empty line of a plain text file.
 */
export async function* corpusTexts(file: string, options: { db?: string } = {}): AsyncGenerator<{ text: string; tokens?: { text: string }[] }> {
  for await (const { example } of openCorpus(file, { plainText: true, db: options.db })) {
    if (example.text.trim() !== '') yield { text: example.text, tokens: example.tokens };
  }
}

/** Counts spellings per lower-cased word; keeps only the ones that differ from lower case. */
export class SurfaceForms {
  private readonly forms = new Map<string, Map<string, number>>();
  private readonly lowerCount = new Map<string, number>();

  add(original: string): string {
    const lower = original.toLowerCase();
    if (original === lower) {
      this.lowerCount.set(lower, (this.lowerCount.get(lower) ?? 0) + 1);
    } else {
      let m = this.forms.get(lower);
      if (!m) this.forms.set(lower, (m = new Map()));
      m.set(original, (m.get(original) ?? 0) + 1);
    }
    return lower;
  }

  /** The most frequent spelling of a lower-cased word. */
  best(lower: string): string {
    const m = this.forms.get(lower);
    if (!m) return lower;
    let best = lower;
    let n = this.lowerCount.get(lower) ?? 0;
    for (const [form, c] of m) if (c > n) [best, n] = [form, c];
    return best;
  }

  /**
   * Display forms for vocabulary keys whose readable form is not simply the key with spaces
   * (`tcp/ip` -> `TCP/IP`, `visual_basic` -> `Visual Basic`).
   */
  displayMap(keys: Iterable<string>, delimiter = '_'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const shown = key.split(delimiter).map((w) => this.best(w)).join(' ');
      if (shown !== key.split(delimiter).join(' ')) out[key] = shown;
    }
    return out;
  }
}

/**
 * Lower-cased word segments of one text: runs of tokens holding a letter or digit.
 * @example textSegments('Usamos Git, y GCC.', forms) // [['usamos', 'git'], ['y', 'gcc']]
 */
export function textSegments(text: string, forms: SurfaceForms, tokens?: { text: string }[]): string[][] {
  const segments: string[][] = [];
  let seg: string[] = [];
  for (const t of tokensOf({ text, tokens: tokens as Token[] | undefined })) {
    if (WORDISH.test(t.text) && !/\s/u.test(t.text)) {
      seg.push(forms.add(t.text));
    } else if (seg.length) {
      segments.push(seg);
      seg = [];
    }
  }
  if (seg.length) segments.push(seg);
  return segments;
}
