import { defineCommand, type CommandContext, type CommandSpec } from '@nerflow/core';
import { predictOptionsSchema, trainOptionsSchema } from './options.js';
import { trainEvents, type TrainSummary } from './training/trainModel.js';
import { runPredict } from './run-predict.js';
import { pretrainCommands } from './pretrain/cli.js';

const pct = (x: number | undefined) => (x === undefined ? '   -  ' : (100 * x).toFixed(2).padStart(6));

const trainCommand = defineCommand({
  name: 'train',
  summary: 'Train a NER model (tok2vec or transformer encoder + CRF) and write its folder',
  help: [
    'Examples:',
    '  nerflow train --train esp.train --dev esp.testa --out models/ner-es',
    '  nerflow train --train db:marketing --dev dev.jsonl --vectors vectors.vec --out models/mkt',
    '  nerflow train --train train.jsonl --encoder transformer:dccuchile/bert-base-spanish-wwm-cased --out models/bert',
    'Binary (accept/reject) answers are partial annotations: unannotated tokens are missing values, not O.',
  ].join('\n'),
  options: trainOptionsSchema,
  short: { out: 'o' },
  async run(o, ctx) {
    const it = trainEvents(o, ctx);
    let summary: TrainSummary | undefined;
    for (;;) {
      const r = await it.next();
      if (r.done) { summary = r.value; break; }
      const ev = r.value;
      if (ev.type === 'ready') {
        ctx.stdout.write(`labels ${ev.labels.join(', ')} · ${ev.trainDocs} train examples (${ev.trainWords} words) · ${ev.devDocs} dev · ${ev.encoder} on ${ev.backend}\n`);
        ctx.stdout.write('epoch   step      loss   dev P   dev R  dev F1    sec\n');
      } else if (ev.type === 'epoch') {
        const m = ev.dev?.micro;
        const c = ev.choice;
        const sel = c ? `  new ${c.newF === null ? '  –  ' : pct(c.newF)} old ${pct(c.oldF)}${c.withinBound ? '' : '!'}` : '';
        ctx.stdout.write(`${String(ev.epoch).padStart(5)} ${String(ev.step).padStart(6)} ${ev.loss.toFixed(3).padStart(9)} ${pct(m?.p)}  ${pct(m?.r)}  ${pct(m?.f)} ${ev.seconds.toFixed(0).padStart(6)}${sel}${ev.isBest ? '  *' : ''}\n`);
      }
    }
    printSummary(summary, ctx);
  },
});

function printSummary(s: TrainSummary, ctx: CommandContext): void {
  ctx.stdout.write(`best epoch ${s.bestEpoch} of ${s.epochs} · ${s.secondsPerEpoch.toFixed(1)} s/epoch · model in ${s.modelDir}\n`);
  if (s.dev) {
    for (const [label, p] of Object.entries(s.dev.perLabel)) ctx.stdout.write(`  ${label.padEnd(10)} P ${pct(p.p)}  R ${pct(p.r)}  F1 ${pct(p.f)}\n`);
    ctx.stdout.write(`  ${'micro'.padEnd(10)} P ${pct(s.dev.micro.p)}  R ${pct(s.dev.micro.r)}  F1 ${pct(s.dev.micro.f)}\n`);
  }
  if (s.selection?.kept && s.selection.kept.newF === null) {
    const k = s.selection.kept;
    ctx.stdout.write(`--base: epoch ${k.epoch} kept (the last: no dev spans of ${s.selection.newLabels.join(', ')}); old types ${pct(k.oldF)} on ${s.selection.oldDocs} held-out rehearsal sentences (before ${pct(s.selection.oldBefore)}${k.withinBound ? '' : `, beyond the ${(100 * s.selection.maxDrop).toFixed(1)}-point bound`})\n`);
  } else if (s.selection?.kept) {
    const k = s.selection.kept;
    ctx.stdout.write(`--base selection: epoch ${k.epoch}: new labels (${s.selection.newLabels.join(', ')}) dev F1 ${k.newF === null ? 'not measured (no dev spans of them)' : pct(k.newF)}; `
      + `old types ${pct(k.oldF)} on ${s.selection.source === 'dev' ? 'dev' : `${s.selection.oldDocs} held-out rehearsal sentences`} (before ${pct(s.selection.oldBefore)}, bound ${(100 * s.selection.maxDrop).toFixed(1)} points${k.withinBound ? '' : ': NOT met by any epoch, the one that forgot least is kept'})\n`);
  }
  if (s.oldTypes?.mode === 'frozen') {
    ctx.stdout.write(s.oldTypes.base.length
      ? `old types: frozen: ${s.oldTypes.base.join(', ')} from the base model, copied unchanged into ${s.modelDir}/base; ${s.oldTypes.trained.join(', ')} from the trained model (its spans win where they overlap)\n`
      : `old types: frozen, but your data marks every label of the base (${s.oldTypes.trained.join(', ')}): all come from the trained model, no base/ copy\n`);
  } else if (s.oldTypes) {
    ctx.stdout.write(`old types: trained: every label (${s.oldTypes.trained.join(', ')}) from the trained model\n`);
  }
  if (s.forgetting?.length) {
    ctx.stdout.write('old labels (--base), dev F1 before -> after training:\n');
    for (const r of s.forgetting) ctx.stdout.write(`  ${r.label.padEnd(12)} ${pct(r.before?.f)} -> ${pct(r.after?.f)}  (${r.after && r.before ? ((r.after.f - r.before.f) * 100).toFixed(2) : '?'} points)\n`);
  }
}

const predictCommand = defineCommand({
  name: 'predict',
  summary: 'Label texts with a trained model: writes corpus JSONL with spans and scores',
  help: 'Examples:\n  nerflow predict es-base corpus/examples.jsonl --out pred.jsonl    (the shipped Spanish PER/LOC/ORG/MISC model)\n  nerflow predict models/ner-es input.jsonl --out pred.jsonl\n  nerflow predict models/ner-es notes.txt    (one text per line, JSONL on stdout)',
  args: [
    { name: 'model', key: 'model', description: 'model folder, or the name of a shipped model (es-base)', required: true },
    { name: 'input', key: 'input', description: 'corpus JSONL, CoNLL, .txt or - (PDFs: nerflow ingest first)', required: true },
  ],
  options: predictOptionsSchema,
  short: { out: 'o' },
  async run(o, ctx) {
    const s = await runPredict(o, ctx);
    // With --out -, stdout carries the corpus: the summary goes to stderr.
    (s.out === '-' ? ctx.stderr : ctx.stdout).write(`${s.examples} examples, ${s.words} words, ${s.spans} entities in ${s.seconds.toFixed(1)} s (${Math.round(s.words / s.seconds)} words/s)${s.out === '-' ? '' : ` -> ${s.out}`}\n`);
  },
});

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [trainCommand, predictCommand, ...pretrainCommands];
