import { NerError, openExamples, PatternMatcher, readPatterns, tokenize } from '@nerflow/corpus';
import type { ReviewInfo } from './api.js';
import { AnnotateErrors } from './errors.js';
import { planReview } from './review-tasks.js';
import { defineStage, fileRefs, modelLoaders, modelRef, pathRef, quietContext, sourceRef, type Predictor, type StageContext } from '@nerflow/core';
import { dbSourceReader, exportFile, openStore, type Store } from '@nerflow/store';
import { z } from 'zod';
import { Annotator } from './annotator.js';
import { annotateTerms } from './annotate-terms.js';
import type { TermsAnnotator } from './terms-annotator.js';
import type { RunningServer } from './server.js';
import { serveAnnotator } from './serve.js';

export const annotateOptionsSchema = z.object({
  dataset: z.string().describe('Dataset to store the answers in (created if absent)'),
  source: sourceRef('Examples to annotate: corpus JSONL (.jsonl, .jsonl.gz), CoNLL or db:DATASET (not with --mode review)').optional(),
  labels: z.array(z.string().min(1)).optional().describe('Entity labels, comma-separated, e.g. PLATAFORMA,METRICA (review: default, the labels of --from)'),
  patterns: pathRef('Patterns JSONL whose matches are suggested (manual, teach)').optional(),
  model: modelRef('Model folder for correct/teach suggestions').optional(),
  allowIncomplete: z.boolean().default(false).describe('Accept a checkpoint of an unfinished training as --model'),
  loader: z.string().default('ner').describe('How to load --model: ner (a model from nerflow train) or gliner (a zero-shot GLiNER ONNX folder or hub id; --labels are asked as text)'),
  localOnly: z.boolean().default(false).describe('Never download a --model given as a hub id (an uncached one fails with a clear error)'),
  mode: z.enum(['manual', 'correct', 'teach', 'review', 'terms']).default('manual').describe('manual: mark spans; correct: fix model predictions; teach: accept/reject one span; review: choose among annotators\' versions; terms: accept/reject terms near --seeds in --vectors'),
  vectors: pathRef('Terms: vectors store (nerflow vectors train|load)').optional(),
  seeds: z.string().optional().describe('Terms: comma-separated seed terms of the label, e.g. "python,java"'),
  from: z.string().optional().describe('Review: datasets whose answers to review, comma-separated (one dataset: its sessions are the versions)'),
  host: z.string().default('127.0.0.1').describe('Address to listen on (others need NERFLOW_ANNOTATE_TOKEN or _USER/_PASSWORD)'),
  port: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port (0 = any free port)'),
  db: sourceRef('Database: a SQLite file or a postgresql:// URL for several servers (default: NERFLOW_DB or ~/.nerflow/nerflow.db)').optional(),
  overlap: z.boolean().default(false).describe('Give every session every task (for agreement), instead of sharing one queue'),
  leaseSeconds: z.coerce.number().positive().default(600).describe('How long a task handed out stays reserved for its session (then another session, or another server, gets it)'),
  updateEvery: z.coerce.number().int().min(1).default(10).describe('Teach: update the model after this many answers'),
  export: pathRef('When the server stops, export the dataset to this JSONL file (what a pipeline step produces)').optional(),
});
export type AnnotateOptions = z.input<typeof annotateOptionsSchema>;

export interface AnnotateHandle extends RunningServer {
  annotator: Annotator | TermsAnnotator;
  /** Review mode: what is reviewed and the agreement before review. */
  review?: ReviewInfo;
  store: Store;
  /** Resolves when the server has been closed. */
  closed: Promise<void>;
}

export interface AnnotateDeps {
  /**
   * A loaded model, passed in by the caller. Otherwise `--model` is loaded by the loader that
   * `--loader` names in core's modelLoaders registry: a name given on the command line or in a
   * pipeline step is a plugin boundary (ner, gliner, or one a plugin registers).
   */
  predictor?: Predictor;
  /** An open store (instead of `--db`); not closed with the server. */
  store?: Store;
  uiDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts an annotation server for `dataset` over `source` and resolves once it listens; answers are
 * stored as they are given. Close the returned handle (or abort `ctx.signal`) to stop.
 * @example const h = await annotate({ dataset: 'mkt', source: 'ejemplos.jsonl', labels: ['PLATAFORMA'] }); console.log(h.url);
 */
export async function annotate(options: AnnotateOptions, ctx: StageContext = quietContext(), deps: AnnotateDeps = {}): Promise<AnnotateHandle> {
  const o = annotateOptionsSchema.parse(options);
  const labels = [...(o.labels ?? [])];
  if (o.mode === 'terms') return annotateTerms(o, labels, ctx, deps);
  if (o.mode === 'review' ? !o.from : !o.source) {
    throw new NerError(AnnotateErrors.BAD_OPTIONS, o.mode === 'review' ? 'Review needs --from: the datasets (or one dataset\'s sessions) to review.' : 'No source to annotate.', {
      hint: o.mode === 'review' ? 'e.g. nerflow annotate revisado --mode review --from ana_q3,luis_q3' : 'e.g. nerflow annotate marketing corpus/examples.jsonl --labels PLATAFORMA',
    });
  }
  let review: Awaited<ReturnType<typeof planReview>> | undefined;
  const handle = await serveAnnotator(o, ctx, deps, async (store) => {
    // Read lazily (bounded memory): each feed and the background count open the source anew.
    const spec = o.source ?? '';
    // Any corpus every stage reads (JSONL, CoNLL, -, db: of this server's own store).
    const source = () => openExamples(spec, { readers: { db: dbSourceReader({ store }) } });
    if (o.mode === 'review') {
      review = await planReview(store, o.from!.split(',').map((d) => d.trim()).filter(Boolean));
      if (!labels.length) labels.push(...review.labels);
    }
    const matcher = o.patterns ? new PatternMatcher(await readPatterns(o.patterns, { allowEmpty: true }), { tokenize, phraseAttr: 'lower' }) : undefined;
    const predictor = deps.predictor ?? (o.model ? await modelLoaders.get(o.loader)(o.model, { localOnly: o.localOnly, allowIncomplete: o.allowIncomplete, labels }) : undefined);
    if (predictor && o.mode !== 'manual' && !labels.some((l) => predictor.labels.includes(l))) {
      // Otherwise the page shows no suggestion at all and nothing says why.
      ctx.log.warn(`the model knows ${predictor.labels.join(', ') || 'no labels'} and none of --labels ${labels.join(', ')}: it will suggest nothing in ${o.mode} mode. `
        + 'Use a model trained for these labels, or --mode manual (with --patterns for suggestions).');
    }
    return Annotator.create({
      store, dataset: o.dataset, source: review ? undefined : source, review, labels, mode: o.mode, matcher, predictor,
      overlap: o.overlap, leaseMs: o.leaseSeconds * 1000, updateEvery: o.updateEvery, log: ctx.log,
    });
  });
  ctx.log.debug(`Annotating ${o.dataset} (${o.mode}, labels ${labels.join(', ')}) at ${handle.url}`);
  return { ...handle, review: review?.info };
}

/** With `--export FILE`: writes the dataset as corpus JSONL once the server has stopped; returns how many examples. */
export async function exportOnStop(o: Pick<AnnotateOptions, 'export' | 'dataset' | 'db'>): Promise<number | undefined> {
  if (!o.export) return undefined;
  const store = openStore({ db: o.db });
  try {
    return await exportFile(store, o.dataset, o.export);
  } finally {
    await store.close();
  }
}

/** `annotate` as a pipeline stage: interactive; runs until the user stops the server. */
export const annotateStage = defineStage({
  name: 'annotate',
  version: '1',
  description: 'Web annotation of a corpus (manual, correct, teach) into a dataset',
  options: annotateOptionsSchema,
  interactive: true,
  // The runner has resolved the paths and a model name (es-base) to absolute folders.
  inputs: (o) => fileRefs([o.source, o.patterns, o.model]),
  // The exported dataset is the step's output: when it exists the step is satisfied, and the
  // pipeline goes on without waiting for a person.
  outputs: (o) => (o.export ? [o.export] : []),
  async run(o, ctx) {
    const h = await annotate(o, ctx);
    await h.closed;
    const summary = h.annotator.summary();
    await exportOnStop(o);
    return { dataset: o.dataset, ...summary };
  },
});
