import { defineCommand, type CommandSpec } from '@nerflow/core';
import { pretrain, pretrainOptionsSchema } from './pretrain.js';

const pretrainCommand = defineCommand({
  name: 'pretrain',
  summary: 'Pretrain the tok2vec encoder on raw text (predict hidden words from their context), as spacy pretrain',
  help: [
    'Examples:',
    '  nerflow pretrain corpus/raw/ notes.txt --out pretrained --max-steps 5000',
    '  nerflow pretrain docs.jsonl --out pretrained --objective vectors --vectors vectors.vec',
    '  nerflow train --train train.jsonl --init-tok2vec pretrained --out model   (then fine-tune)',
    'Checkpoints go to OUT/model-last every --checkpoint-every steps; running the same command again resumes.',
    'The NER model takes the pretrained encoder\'s architecture (--arch, as nerflow train: bilstm by default), width and depth.',
  ].join('\n'),
  args: [{ name: 'raw', key: 'inputs', description: 'raw text: .txt, corpus .jsonl, or folders of them', variadic: true, required: true }],
  options: pretrainOptionsSchema,
  short: { out: 'o' },
  async run(o, ctx) {
    const r = await pretrain(o, ctx); // ctx.progress: live bar on a terminal, a line now and then otherwise
    const curve = r.losses.map(([s, l]) => `${s}:${l.toFixed(3)}`).join(' ');
    ctx.stdout.write(`${r.resumedFrom === null ? 'pretrained' : `resumed at step ${r.resumedFrom},`} ${r.steps} steps on ${r.sentences} sentences · `
      + `${r.words} words seen · ${Math.round(r.wordsPerSecond)} words/s · ${r.seconds.toFixed(0)} s (${r.stoppedBy})\n`);
    ctx.stdout.write(`loss per checkpoint: ${curve}\n`);
    ctx.stdout.write(`encoder in ${r.encoderDir} · use it with: nerflow train ... --init-tok2vec ${r.out}\n`);
  },
});

/** `nerflow pretrain` (issue 8). */
export const pretrainCommands: CommandSpec[] = [pretrainCommand];
