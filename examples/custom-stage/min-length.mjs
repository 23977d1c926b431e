// A custom nerflow stage, written as a user would: plain ESM, no build step.
// Use it from a pipeline file with `use: ./min-length.mjs` (path relative to the pipeline file).
import { defineStage, pathRef } from '@nerflow/core';
import { JsonlWriter, isSpaceToken, readJsonl, tokenize } from '@nerflow/corpus';
import { z } from 'zod';

export default defineStage({
  name: 'example.minLength',
  version: '1',
  description: 'drops examples shorter than N tokens (headings, page numbers, stray lines)',
  options: z.object({
    // pathRef: a path option, which the pipeline runner resolves against the pipeline file's folder.
    input: pathRef('corpus JSONL to read'),
    out: pathRef('corpus JSONL to write'),
    minTokens: z.number().int().positive().default(5).describe('keep examples with at least this many tokens'),
  }),
  inputs: (o) => [o.input],
  outputs: (o) => [o.out],
  async run(o, ctx) {
    const writer = await JsonlWriter.open(o.out, { atomic: true });
    let kept = 0;
    let dropped = 0;
    for await (const ex of readJsonl(o.input)) {
      const tokens = (ex.tokens ?? tokenize(ex.text)).filter((t) => !isSpaceToken(t));
      if (tokens.length >= o.minTokens) {
        await writer.write(ex);
        kept++;
      } else dropped++;
      ctx.progress({ unit: 'examples', done: kept + dropped });
    }
    await writer.close();
    ctx.log.info(`kept ${kept}, dropped ${dropped} examples shorter than ${o.minTokens} tokens`);
    return { kept, dropped };
  },
});
