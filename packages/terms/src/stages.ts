/**
 * The terms stages as the pipeline runner (`nerflow run`) chains them. `nerflow terms teach` waits
 * for a person at the terminal and is a command, not a stage: a pipeline reads its answers through
 * `terms.to-patterns` (of the dataset, or of its export).
 */
import { defineStage } from '@nerflow/core';
import { openStore } from '@nerflow/store';
import { writeJsonl } from '@nerflow/corpus';
import { modelPathFor, trainVectors } from './train-vectors.js';
import { loadVectors } from './neighbours.js';
import { matchCorpus } from './match-corpus.js';
import { acceptedTerms, acceptedTermsFromFile, isDatasetFile } from './terms-dataset.js';
import { termsToPatterns } from './to-patterns.js';
import { termsMatchSchema, termsToPatternsSchema, vectorsLoadSchema, vectorsTrainSchema, type VectorsTrainOptions } from './options.js';

/** Maps CLI/pipeline options to the library call. */
export function trainRequest(o: VectorsTrainOptions) {
  return {
    corpus: o.corpus, out: o.out, engine: o.engine,
    fasttext: { dim: o.dim, epoch: o.epochs, lr: o.lr, minCount: o.minCount, ws: o.window, bucket: o.bucket, thread: o.threads, seed: o.seed },
    phrases: o.phrases ? { minCount: o.phraseMinCount, threshold: o.phraseThreshold } : (false as const),
  };
}

export const vectorsTrainStage = defineStage({
  name: 'vectors.train',
  version: '1',
  description: 'corpus -> phrases -> fastText skip-gram vectors store',
  options: vectorsTrainSchema,
  inputs: (o) => [o.corpus],
  outputs: (o) => [o.out, modelPathFor(o.out)],
  run: (o, ctx) => trainVectors(trainRequest(o), ctx),
});

export const vectorsLoadStage = defineStage({
  name: 'vectors.load',
  version: '1',
  description: '.vec / GloVe text vectors -> vectors store',
  options: vectorsLoadSchema,
  inputs: (o) => [o.file],
  outputs: (o) => [o.out],
  run: (o, ctx) => loadVectors(o, ctx),
});

export const termsToPatternsStage = defineStage({
  name: 'terms.to-patterns',
  version: '1',
  description: 'accepted terms of a dataset -> patterns JSONL',
  options: termsToPatternsSchema,
  inputs: (o) => (isDatasetFile(o.dataset) ? [o.dataset] : []),
  outputs: (o) => (o.out === '-' ? [] : [o.out]),
  run: async (o) => {
    if (isDatasetFile(o.dataset)) {
      const terms = await acceptedTermsFromFile(o.dataset, o.label);
      const patterns = termsToPatterns(terms, o);
      await writeJsonl(o.out, patterns);
      return { terms: terms.length, patterns: patterns.length };
    }
    const store = openStore({ db: o.db });
    try {
      const terms = await acceptedTerms(store, o.dataset, o.label);
      const patterns = termsToPatterns(terms, o);
      await writeJsonl(o.out, patterns);
      return { terms: terms.length, patterns: patterns.length };
    } finally {
      await store.close();
    }
  },
});

export const termsMatchStage = defineStage({
  name: 'terms.match',
  version: '1',
  description: 'corpus + patterns -> corpus with pattern spans',
  options: termsMatchSchema,
  inputs: (o) => [o.corpus, o.patterns],
  outputs: (o) => (o.out === '-' ? [] : [o.out]),
  run: (o, ctx) => matchCorpus(o, ctx),
});

export const termsStages = [vectorsTrainStage, vectorsLoadStage, termsToPatternsStage, termsMatchStage];
