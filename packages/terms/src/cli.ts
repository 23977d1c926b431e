import { defineCommand, type CommandSpec } from '@nerflow/core';
import { trainVectors } from './train-vectors.js';
import { loadVectors, neighbours } from './neighbours.js';
import { runTeach } from './teach.js';
import { terminalFrontEnd } from './terminal-ui.js';
import { matchCorpus } from './match-corpus.js';
import { formatMatchSummary } from './match-summary.js';
import { termsToPatternsStage, trainRequest } from './stages.js';
import {
  termsMatchSchema, termsTeachSchema, termsToPatternsSchema, vectorsLoadSchema, vectorsNeighboursSchema, vectorsTrainSchema,
} from './options.js';

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [
  defineCommand({
    name: 'vectors train',
    summary: 'Train word vectors (phrases + fastText skip-gram) on your corpus',
    help: 'Example:\n  nerflow vectors train corpus/examples.jsonl --out vectors.nfv --dim 100 --seed 1',
    args: [{ name: 'corpus', key: 'corpus', description: 'examples.jsonl or a text file', required: true }],
    options: vectorsTrainSchema,
    short: { out: 'o' },
    async run(o, ctx) {
      const r = await trainVectors(trainRequest(o), ctx);
      ctx.stdout.write(`${r.out}: ${r.words} words x ${r.dim} dims (fastText ${r.engine}, ${r.tokens} tokens, ${r.phrases} phrases) in ${r.seconds.toFixed(1)} s\n`);
    },
  }),
  defineCommand({
    name: 'vectors load',
    summary: 'Convert .vec / GloVe text vectors into a vectors store, or prune a store (--max-words)',
    help: 'Example:\n  nerflow vectors load cc.es.300.vec.gz --out es300.nfv --max-words 200000',
    args: [{ name: 'file', key: 'file', description: '.vec / .txt (.gz) vectors', required: true }],
    options: vectorsLoadSchema,
    short: { out: 'o' },
    async run(o, ctx) {
      const r = await loadVectors(o, ctx);
      ctx.stdout.write(`${r.out}: ${r.words} words x ${r.dim} dims${r.duplicates ? ` (${r.duplicates} duplicate lines skipped)` : ''} in ${r.seconds.toFixed(1)} s\n`);
    },
  }),
  defineCommand({
    name: 'vectors neighbours',
    summary: 'Nearest words to a term by cosine',
    args: [
      { name: 'vectors', key: 'vectors', description: 'vectors store', required: true },
      { name: 'term', key: 'term', description: 'word or phrase', required: true },
    ],
    options: vectorsNeighboursSchema,
    short: { n: 'n' },
    async run(o, ctx) {
      const r = await neighbours(o.vectors, o.term, o.n);
      if (r.oov) ctx.stdout.write(`(${r.term} is not in the vocabulary: subword vector)\n`);
      for (const nb of r.neighbours) ctx.stdout.write(`${nb.score.toFixed(3)}  ${nb.display}\n`);
    },
  }),
  defineCommand({
    name: 'terms teach',
    summary: 'Grow a terminology list from seed terms: accept or reject suggested neighbours',
    help: 'Keys: a accept, x reject, i ignore, u undo, q save and quit. Answers are saved as you go; rerun to resume.\nExample:\n  nerflow terms teach --vectors vectors.nfv --seeds "python,java" --label LENGUAJE --dataset lenguajes',
    options: termsTeachSchema,
    async run(o, ctx) {
      const ui = terminalFrontEnd(ctx.stdin as NodeJS.ReadStream, ctx.stdout);
      try {
        const r = await runTeach(o, ui, ctx);
        ctx.stdout.write(`${o.dataset}: ${r.answered} answers this run (${r.resumed} before); ${r.accepted.length} accepted terms for ${o.label}${r.exhausted ? ' (no more suggestions)' : ''}\n`);
      } finally {
        ui.close();
      }
    },
  }),
  defineCommand({
    name: 'terms to-patterns',
    summary: 'Turn the accepted terms of a dataset into match patterns (spaCy/Prodigy JSONL)',
    args: [{ name: 'dataset', key: 'dataset', description: 'dataset with teach answers', required: true }],
    options: termsToPatternsSchema,
    short: { out: 'o' },
    async run(o, ctx) {
      const r = await termsToPatternsStage.run(o, ctx);
      if (o.out !== '-') ctx.stdout.write(`${o.out}: ${r.patterns} patterns from ${r.terms} accepted terms\n`);
    },
  }),
  defineCommand({
    name: 'terms match',
    summary: 'Tag a corpus with pattern spans and count how often each pattern fires',
    args: [{ name: 'corpus', key: 'corpus', description: 'corpus JSONL or CoNLL', required: true }],
    options: termsMatchSchema,
    short: { out: 'o' },
    async run(o, ctx) {
      const r = await matchCorpus(o, ctx);
      const say = o.out === '-' ? ctx.stderr : ctx.stdout;
      say.write(formatMatchSummary(r, o.top, o.existing));
    },
  }),
];
