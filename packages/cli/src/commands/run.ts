import { defineCommand, runPipeline, type StepReport } from '@nerflow/core';
import { relative } from 'node:path';
import pc from 'picocolors';
import { z } from 'zod';
import { scoreLines } from './scores.js';

const ICON: Record<StepReport['status'], string> = {
  ran: pc.green('✔ ran    '), skipped: pc.dim('· skipped'), 'would-run': pc.cyan('→ will run'),
  failed: pc.red('✖ failed '), blocked: pc.yellow('‖ blocked'), waiting: pc.yellow('… waiting'),
};

/** `nerflow run PIPELINE.yaml [STEP...]`: the stages chained from one config, cached by content. */
export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run a pipeline file: the steps whose inputs, options or stage changed, in dependency order',
  help: 'Example:\n  nerflow run examples/marketing-es/pipeline.yaml\n  nerflow run pipeline.yaml train eval --dry',
  args: [
    { name: 'pipeline', key: 'pipeline', description: 'pipeline YAML file' },
    { name: 'steps', key: 'steps', description: 'only these steps (and what they need)', variadic: true, required: false },
  ],
  options: z.object({
    pipeline: z.string(),
    steps: z.array(z.string()).default([]),
    dry: z.boolean().default(false).describe('print the plan (what would run and why), run nothing'),
    force: z.boolean().default(false).describe('run the selected steps even when up to date'),
    var: z.array(z.string()).default([]).describe('override a variable: --var out=/tmp/x (repeatable)'),
  }),
  async run(o, ctx) {
    const vars = Object.fromEntries(o.var.map((kv) => { const i = kv.indexOf('='); return [kv.slice(0, i), kv.slice(i + 1)]; }));
    const result = await runPipeline(o.pipeline, { only: o.steps, dry: o.dry, force: o.force, vars, interactive: ctx.isTTY }, ctx);
    const width = Math.max(...result.steps.map((s) => s.name.length));
    for (const s of result.steps) {
      const secs = s.seconds !== undefined ? pc.dim(` (${s.seconds.toFixed(1)} s)`) : '';
      ctx.stdout.write(`${ICON[s.status]}  ${s.name.padEnd(width)}  ${pc.dim(s.stage)}  ${s.reason}${secs}\n`);
    }
    const ran = result.steps.filter((s) => s.status === 'ran').length;
    const skipped = result.steps.filter((s) => s.status === 'skipped').length;
    ctx.stdout.write(`${ran} step(s) ran, ${skipped} skipped as up to date${result.ok ? '' : ', some did not finish'}.\n`);
    for (const s of result.steps) if (s.error?.hint) ctx.stdout.write(`  ${s.name}: ${s.error.hint}\n`);
    const reports = result.steps.filter((s) => s.status === 'ran' || s.status === 'skipped').flatMap((s) => s.outputs.filter((p) => p.endsWith('.html')));
    for (const r of reports) ctx.stdout.write(`Report: ${relative(process.cwd(), r)}\n`);
    const scores = o.dry ? [] : scoreLines(result.steps);
    if (scores.length) ctx.stdout.write(`Scores:\n${scores.join('\n')}\n`);
    return result.ok ? 0 : 1;
  },
});
