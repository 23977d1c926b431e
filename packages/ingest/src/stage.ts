import path from 'node:path';
import { defineStage } from '@nerflow/core';
import { ingestOptionsSchema } from './options.js';
import { OUTPUT_FILES, runIngest } from './run.js';

/** The ingest stage as the pipeline runner (`nerflow run`) chains it. */
export const ingestStage = defineStage({
  name: 'ingest',
  version: '1',
  description: 'PDFs and text files -> docs.jsonl + examples.jsonl (tokenized sentences or paragraphs)',
  options: ingestOptionsSchema,
  inputs: (o) => o.paths,
  outputs: (o) => [path.join(o.out, OUTPUT_FILES.docs), path.join(o.out, OUTPUT_FILES.examples), path.join(o.out, OUTPUT_FILES.report)],
  run: (o, ctx) => runIngest(o, ctx),
});
