import { join } from 'node:path';
import { NerError, type Example } from '@nerflow/corpus';
import { quietContext, type ModelLoader, type StageContext, type TrainFn } from '@nerflow/core';
import { mulberry32 } from './bootstrap.js';
import { EvalErrors } from './errors.js';
import { evaluate } from './evaluate.js';
import { toTagged } from './load.js';
import type { CurvePoint } from './report/charts.js';

export interface CurveSeries {
  /** Shown in the legend: the encoder name, 'scratch', 'pretrained'... */
  name: string;
  /** Passed to the trainer untouched (e.g. { encoder: 'xlm-roberta-base' }). */
  settings?: Record<string, unknown>;
}

export interface CurveOptions {
  train: Example[];
  dev: Example[];
  /** Shares of the training data, ascending (default 10/25/50/75/100 %). */
  fractions?: number[];
  /** One run per seed at each point (the seed shuffles the data and seeds the trainer). */
  seeds?: number[];
  series?: CurveSeries[];
  /** Folder for the models trained along the way. */
  out: string;
  strict?: boolean;
}

export interface CurveResult {
  points: CurvePoint[];
  /** Per series: mean F1 at the last and the previous point, and the verdict. */
  verdicts: { series: string; last: number; previous: number; improved: boolean }[];
  verdict: string;
}

/** Fisher-Yates with a seeded PRNG: subsets at growing fractions are nested (10% ⊂ 25% ⊂ ...). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A learning curve (Prodigy's train-curve): trains on growing shares of the training data with the
 * same dev set and seeds, scores each model on dev with eval's own metrics, and says whether the
 * last step still improved F1, the sign that more annotation of the same kind should help.
 * Training and loading are handed in (@nerflow/train registers them; eval never imports it).
 */
export async function runCurve(options: CurveOptions, train: TrainFn, load: ModelLoader, ctx: StageContext = quietContext()): Promise<CurveResult> {
  const fractions = options.fractions ?? [0.1, 0.25, 0.5, 0.75, 1];
  const seeds = options.seeds ?? [0];
  const series = options.series ?? [{ name: 'model' }];
  if (fractions.some((f, i) => !(f > 0 && f <= 1) || (i > 0 && f <= fractions[i - 1]!))) {
    throw new NerError(EvalErrors.CURVE, `Fractions must rise strictly within (0, 1]: got ${fractions.join(', ')}.`, { hint: 'e.g. --fractions 0.1,0.25,0.5,0.75,1' });
  }
  if (Math.round(fractions[0]! * options.train.length) < 1) {
    throw new NerError(EvalErrors.CURVE, `${fractions[0]! * 100}% of ${options.train.length} training examples is less than one example.`, { hint: 'Use more training data or a larger first fraction.' });
  }
  const goldDev = options.dev.map((ex, i) => toTagged(ex, `dev example ${i + 1}`));
  const total = series.length * seeds.length * fractions.length;
  const points: CurvePoint[] = [];
  for (const s of series) {
    for (const seed of seeds) {
      const order = shuffled(options.train, seed);
      for (const fraction of fractions) {
        ctx.signal.throwIfAborted();
        const subset = order.slice(0, Math.round(fraction * order.length));
        const out = join(options.out, safe(s.name), `seed${seed}`, `${Math.round(fraction * 100)}pct`);
        ctx.progress({ unit: 'runs', done: points.length, total, phase: `${s.name} ${Math.round(fraction * 100)}%`, stats: { examples: subset.length } });
        const outcome = await train({ train: subset, dev: options.dev, out, seed, settings: s.settings }, ctx);
        const model = await load(outcome.modelDir, { localOnly: true });
        try {
          const predicted = await model.predict(options.dev.map(({ spans: _s, _conll_tags: _t, ...rest }) => rest as Example));
          const r = evaluate(goldDev, predicted.map((ex, i) => toTagged(ex, `prediction ${i + 1}`)), { mode: options.strict ? 'strict' : 'default' });
          points.push({ series: s.name, fraction, seed, f: r.micro.f, examples: subset.length });
          ctx.log.info(`${s.name} seed ${seed} ${Math.round(fraction * 100)}% (${subset.length} examples): dev F1 ${(100 * r.micro.f).toFixed(2)}`);
        } finally {
          await model.dispose?.();
        }
      }
    }
  }
  ctx.progress({ unit: 'runs', done: total, total });
  return { points, ...verdictOf(points, fractions) };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function verdictOf(points: CurvePoint[], fractions: number[]) {
  const names = [...new Set(points.map((p) => p.series))];
  const at = (name: string, f: number | undefined) => mean(points.filter((p) => p.series === name && p.fraction === f).map((p) => p.f));
  const verdicts = names.map((series) => {
    const last = at(series, fractions.at(-1));
    const previous = fractions.length > 1 ? at(series, fractions.at(-2)) : last;
    return { series, last, previous, improved: last > previous };
  });
  const pct = (x: number) => (100 * x).toFixed(2);
  const verdict = verdicts.map((v) => v.improved
    ? `${v.series}: F1 still improved in the last step (${pct(v.previous)} → ${pct(v.last)}): more annotations of the same kind will probably help.`
    : `${v.series}: F1 did not improve in the last step (${pct(v.previous)} → ${pct(v.last)}): more of the same data may not help; look at the errors or the labels.`).join('\n');
  return { verdicts, verdict };
}

const safe = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'series';
