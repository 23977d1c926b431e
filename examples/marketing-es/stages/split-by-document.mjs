// A project-local stage (plain ESM, loaded by path from pipeline.yaml): splits an annotated
// dataset into train and test by source document, so no test sentence shares a document with
// the training data.
import { defineStage, pathRef } from '@nerflow/core';
import { JsonlWriter, readJsonl } from '@nerflow/corpus';
import { z } from 'zod';

export default defineStage({
  name: 'example.splitByDocument',
  version: '1',
  description: 'splits annotated examples into train and test files by meta.source',
  options: z.object({
    // pathRef, not z.string(): the pipeline runner resolves these against pipeline.yaml's folder.
    input: pathRef('annotated examples (corpus JSONL)'),
    train: pathRef('training examples to write'),
    test: pathRef('test examples to write'),
    testDocs: z.array(z.string()).min(1).describe('meta.source values that go to the test file'),
  }),
  inputs: (o) => [o.input],
  outputs: (o) => [o.train, o.test],
  async run(o) {
    const test = new Set(o.testDocs);
    const out = { train: await JsonlWriter.open(o.train, { atomic: true }), test: await JsonlWriter.open(o.test, { atomic: true }) };
    for await (const ex of readJsonl(o.input)) {
      if (ex.answer !== 'accept') continue;
      await (test.has(ex.meta?.source) ? out.test : out.train).write(ex);
    }
    await out.train.close();
    await out.test.close();
    return { train: out.train.count, test: out.test.count };
  },
});
