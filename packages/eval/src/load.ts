import {
  getChunks, isPartial, MISSING, NerError, openCorpus, spansToTags, tokensOf, toNerError, type ConllExample, type Example,
} from '@nerflow/corpus';
import { EvalErrors } from './errors.js';
import type { TaggedSentence } from './sentence.js';

export type InputFormat = 'conll' | 'jsonl';

/** A corpus read for scoring: the examples (for a model to predict on) and their tagged form. */
export interface LoadedCorpus {
  path: string;
  examples: Example[];
  sentences: TaggedSentence[];
  /** Examples left out because their answer is `reject` or `ignore` (not gold annotations). */
  skipped: number;
}

export interface LoadOptions {
  /** Overrides the format the extension or content says. */
  format?: InputFormat;
  /** 'gold' refuses partial (binary) annotations, which cannot be scored as complete gold. */
  side?: 'gold' | 'pred';
}

/**
 * Reads a corpus (any source `openCorpus` reads: CoNLL, corpus JSONL, `-`, db:DATASET) into tagged
 * sentences. CoNLL tags are taken raw (invalid IOB2 included: conlleval's chunk rules depend on
 * it); JSONL spans become IOB2 tags. Examples answered `reject`/`ignore` are skipped (on both sides
 * alike, so gold and predictions stay aligned).
 */
export async function loadCorpus(path: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  const examples: Example[] = [];
  const sentences: TaggedSentence[] = [];
  let skipped = 0;
  for await (const { example: ex, source, line } of openCorpus(path, { format: options.format })) {
    if (ex.answer === 'reject' || ex.answer === 'ignore') { skipped++; continue; }
    if (options.side === 'gold' && isPartial(ex)) {
      throw new NerError(EvalErrors.BAD_EXAMPLE, 'This gold example is a partial (binary accept/reject) annotation: tokens outside its spans are unknown, so it cannot be scored.', {
        file: source, line, hint: 'Score against complete annotations (ner_manual / correct mode, or CoNLL); leave binary answers out of the gold file.',
      });
    }
    sentences.push(toTagged(ex, `${source}:${line ?? sentences.length + 1}`, source, line));
    examples.push(ex);
  }
  return { path, examples, sentences, skipped };
}

/**
 * Raw CoNLL tags are used only while they still say what the spans say (read with conlleval's
 * rules): a record converted from CoNLL and then corrected in annotate keeps stale `_conll_tags`,
 * and then its spans are the truth.
 */
function rawTagsAgree(raw: unknown, length: number, spans: readonly { token_start?: number; token_end?: number; label: string }[]): boolean {
  if (!Array.isArray(raw) || raw.length !== length || !raw.every((t) => typeof t === 'string')) return false;
  const chunks = getChunks(raw as string[]);
  if (chunks.length !== spans.length) return false;
  const key = (start: number | undefined, end: number | undefined, label: string) => `${start}:${end}:${label}`;
  const fromSpans = new Set(spans.map((sp) => key(sp.token_start, (sp.token_end ?? -2) + 1, sp.label)));
  return chunks.every((c) => fromSpans.has(key(c.start, c.end, c.label)));
}

/**
 * One example as a tagged sentence: its tokens (tokenized with the corpus tokenizer when absent)
 * and its tags (`_conll_tags` when the example keeps the raw CoNLL tags, else IOB2 from `spans`).
 */
export function toTagged(ex: Example, where: string, file?: string, line?: number): TaggedSentence {
  const tokens = tokensOf(ex);
  let tags: string[];
  const raw = (ex as ConllExample)._conll_tags;
  try {
    // Raw tags with a missing value are kept as they are, so that the check below refuses them.
    const hasMissing = Array.isArray(raw) && raw.includes(MISSING);
    tags = hasMissing || rawTagsAgree(raw, tokens.length, ex.spans ?? []) ? [...(raw as string[])] : spansToTags(tokens, ex.spans ?? [], 'IOB2');
  } catch (err) {
    const e = toNerError(err);
    throw new NerError(e.code, `${where}: ${e.message}`, { file, line, hint: e.hint, cause: err });
  }
  const missing = tags.indexOf(MISSING);
  if (missing !== -1) {
    throw new NerError(EvalErrors.BAD_EXAMPLE, `${where}: token ${missing} ("${tokens[missing]!.text}") has the missing-value tag "-", so this example is not a complete annotation and cannot be scored.`, {
      file, line, hint: 'Score complete annotations only: every token must be O or part of an entity.',
    });
  }
  return {
    where, tokens: tokens.map((t) => t.text), tags, text: ex.text,
    offsets: tokens.map((t) => ({ start: t.start, end: t.end, ws: t.ws })),
    meta: ex.meta,
  };
}
