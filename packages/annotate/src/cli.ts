import { defineCommand, type CommandSpec } from '@nerflow/core';
import { annotate, annotateOptionsSchema, exportOnStop } from './annotate.js';
import { dbCommands } from './db-commands.js';
import { agreementLines } from './review-tasks.js';

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [
  defineCommand({
    name: 'annotate',
    summary: 'Annotate in the browser (manual, correct, teach, review, terms) into a dataset',
    help: [
      'Examples:',
      '  nerflow annotate marketing corpus/examples.jsonl --labels PLATAFORMA,METRICA --patterns patterns.jsonl',
      '  nerflow annotate marketing corpus/examples.jsonl --labels PLATAFORMA --model models/ner --mode teach',
      '  nerflow annotate revisado --mode review --from ana_q3,luis_q3     (or --from DATASET: its sessions)',
      '  nerflow annotate lenguajes --mode terms --labels LENGUAJE --vectors vectors.nfv --seeds python,java',
      '',
      'Open the printed URL; add ?session=NAME for each annotator. Keys: drag or shift+arrows to select,',
      '1-9 label, a accept, x reject, space ignore, backspace undo, ? help. Every answer is stored when given.',
      'Another --host needs NERFLOW_ANNOTATE_TOKEN or NERFLOW_ANNOTATE_USER + NERFLOW_ANNOTATE_PASSWORD.',
    ].join('\n'),
    args: [
      { name: 'dataset', key: 'dataset', description: 'dataset to store answers in', required: true },
      { name: 'source', key: 'source', description: 'corpus JSONL or db:DATASET (none with --mode review)', required: false },
    ],
    options: annotateOptionsSchema,
    async run(o, ctx) {
      const h = await annotate(o, ctx);
      if (h.review) {
        ctx.stdout.write(`Reviewing ${h.review.inputs} text(s) answered by ${h.review.versions.join(', ')}\n`);
        for (const line of agreementLines(h.review)) ctx.stdout.write(`${line}\n`);
      }
      ctx.stdout.write(`Annotating ${o.dataset} (${h.annotator.mode}) at ${h.url}  — Ctrl-C to stop\n`);
      await h.closed;
      const s = h.annotator.summary();
      ctx.stdout.write(`Stopped. ${s.answers} answer(s) this run; ${o.dataset} now has ${s.datasetCount} examples.\n`);
      const exported = await exportOnStop(o);
      if (exported !== undefined) ctx.stdout.write(`Exported ${exported} example(s) to ${o.export}\n`);
    },
  }),
  ...dbCommands,
];
