import { assertOutputsDistinct, assertWritableFile, NerError, openExamples, writeJsonl, type Example } from '@nerflow/corpus';
import { quietContext, type StageContext } from '@nerflow/core';
import '@nerflow/store'; // registers the db: source reader (--input db:DATASET)
import { TrainErrors } from './errors.js';
import { predictOptionsSchema, type PredictOptionsInput } from './options.js';
import { loadModel, predictStream, type NerPredictor } from './predict.js';

/** What `runPredict` did. */
export interface PredictSummary {
  examples: number;
  words: number;
  /** Entities predicted. */
  spans: number;
  seconds: number;
  /** Where the predicted corpus went (`-`: stdout). */
  out: string;
  labels: string[];
}

export interface PredictDeps {
  /**
   * A model already loaded: used as it is (its threads too) and left open for the caller to
   * dispose. Otherwise `options.model` is loaded with `options.threads` and disposed here.
   */
  predictor?: NerPredictor;
}

/**
 * `nerflow predict` and the `predict` pipeline step as a library call: streams `input` through the
 * model in batches of about `batchWords` words and writes the examples with their predicted spans
 * to `out` (atomically; `-` is stdout). Never prints: progress goes to `ctx.progress`.
 * @param options - see `predictOptionsSchema` (model, input, out, batchWords, scores, threads...)
 * @returns counts and timing of the run
 * @example
 * const s = await runPredict({ model: 'es-base', input: 'corpus/examples.jsonl', out: 'pred.jsonl' });
 * s; // { examples: 120, words: 2310, spans: 96, seconds: 1.9, out: 'pred.jsonl', labels: ['LOC', 'MISC', 'ORG', 'PER'] }
 */
export async function runPredict(options: PredictOptionsInput, ctx: StageContext = quietContext(), deps: PredictDeps = {}): Promise<PredictSummary> {
  const o = predictOptionsSchema.parse(options);
  if (/\.pdf$/i.test(o.input)) {
    // Stages do not import each other: PDF text extraction is ingest's job (the nerflow CLI chains the two).
    throw new NerError(TrainErrors.PDF_INPUT, `${o.input} is a PDF: predict reads text, corpus JSONL or CoNLL.`, {
      file: o.input, hint: `Extract its sentences first: nerflow ingest ${o.input} -o corpus && nerflow predict ${o.model} corpus/examples.jsonl`,
    });
  }
  // Before loading anything: an output that is an input (or unwritable) loses nothing.
  assertOutputsDistinct([{ name: 'INPUT', path: o.input }, { name: 'MODEL', path: o.model }], [{ name: '--out', path: o.out }]);
  assertWritableFile('--out', o.out);
  const t0 = performance.now();
  const predictor = deps.predictor ?? (await loadModel(o.model, { localOnly: o.localOnly, allowIncomplete: o.allowIncomplete }));
  let examples = 0;
  let words = 0;
  let spans = 0;
  async function* unlabelled(): AsyncGenerator<Example> {
    // The model's spans replace any in the input; raw CoNLL tags (gold) are not carried into predictions.
    for await (const { _conll_tags: _t, ...ex } of openExamples(o.input, { plainText: true, db: o.db })) yield ex as Example;
  }
  async function* counted(): AsyncGenerator<Example> {
    for await (const ex of predictStream(predictor, unlabelled(), { batchWords: o.batchWords, scores: o.scores })) {
      ctx.signal.throwIfAborted();
      examples++;
      words += ex.tokens?.length ?? 0;
      spans += ex.spans?.length ?? 0;
      if (examples % 1000 === 0) ctx.progress({ unit: 'examples', done: examples, phase: 'predict', stats: { words } });
      yield ex;
    }
  }
  try {
    if (!deps.predictor) await predictor.useThreads(o.threads);
    await writeJsonl(o.out, counted());
  } finally {
    // Also stops the prediction workers, which would keep the process alive.
    if (!deps.predictor) predictor.dispose();
  }
  ctx.progress({ unit: 'examples', done: examples, total: examples, phase: 'predict', stats: { words } });
  return { examples, words, spans, seconds: (performance.now() - t0) / 1000, out: o.out, labels: predictor.labels };
}
