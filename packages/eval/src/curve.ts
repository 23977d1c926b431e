import { join } from 'node:path';
import { NerError, type ChunkMode, type Example } from '@nerflow/corpus';
import { quietContext, type ModelLoader, type StageContext, type TrainFn } from '@nerflow/core';
import { EvalErrors } from './errors.js';
import { curveOrder, resolveSizes, type CurveSize } from './curveSample.js';
import { scoreModelOn } from './curveScore.js';
import { pointKey, savedPoint, savePoint } from './curveResume.js';
import type { CurvePoint } from './report/charts.js';

export interface CurveSeries {
  /** Shown in the legend: 'scratch', 'pretrained', 'base', 'base+pretrained', an encoder name... */
  name: string;
  /** Passed to the trainer untouched (e.g. { base: 'es-base', rehearsal: 'corpus/' }). */
  settings?: Record<string, unknown>;
  /** The arm starts from a model that knows the old types: score them on `old.gold` after training. */
  keepsOld?: boolean;
}

/** The old types (a base model's labels), scored on their own gold before and after. */
export interface CurveOldTypes {
  /** Gold that marks the old types (e.g. the AnCora sample es-base ships with the example). */
  gold: Example[];
  /** Labels scored on it (default: every label of that gold not among the new ones). */
  labels?: string[];
  /** The base model, scored once on `gold` as the "before" figure. */
  base?: string;
}

export interface CurveOptions {
  train: Example[];
  dev: Example[];
  /** Shares of the training data, ascending (default 10/25/50/75/100 % unless `sizes` is given). */
  fractions?: number[];
  /** Numbers of training sentences (e.g. 50, 100, 250, 'all'); takes precedence over `fractions`. */
  sizes?: CurveSize[];
  /** One run per seed at each point (the seed orders the data and seeds the trainer). */
  seeds?: number[];
  series?: CurveSeries[];
  /**
   * The new types: scored on dev (other labels are ignored on both sides, so an arm on a base model
   * is not charged for its PER/LOC predictions on a dev set that marks only the new types), and used
   * to sample each point among sentences with them and, in proportion, without. Default: every
   * label of the training data.
   */
  newLabels?: string[];
  old?: CurveOldTypes;
  /** Folder for the models trained along the way. */
  out: string;
  strict?: boolean;
}

export interface CurveResult {
  points: CurvePoint[];
  /** The new labels scored on dev. */
  newLabels: string[];
  /** The old types' score of the base model before any training (when `old.base` is given). */
  oldBefore: { model: string; labels: string[]; f: number; perLabel: Record<string, number> } | null;
  /** Per series: mean F1 at the last and the previous point, and the verdict. */
  verdicts: { series: string; last: number; previous: number; improved: boolean }[];
  verdict: string;
}

/**
 * A learning curve (Prodigy's train-curve): trains each series (arm) on nested training sets of
 * growing size with the same dev set and seeds, scores the new types on dev with eval's own
 * metrics (and, for arms on a base model, the old types on their own gold), and says whether the
 * last step still improved F1. Training and loading are handed in (@nerflow/train registers them).
 */
export async function runCurve(options: CurveOptions, train: TrainFn, load: ModelLoader, ctx: StageContext = quietContext()): Promise<CurveResult> {
  const n = options.train.length;
  const sizes = curveSizes(options, n);
  const seeds = options.seeds ?? [0];
  const series = options.series ?? [{ name: 'model' }];
  const newLabels = options.newLabels?.length ? options.newLabels : labelsOf(options.train);
  const mode: ChunkMode = options.strict ? 'strict' : 'default';
  const oldLabels = options.old ? (options.old.labels?.length ? options.old.labels : labelsOf(options.old.gold).filter((l) => !newLabels.includes(l))) : [];
  let oldBefore: CurveResult['oldBefore'] = null;
  if (options.old?.base) {
    const model = await load(options.old.base, { localOnly: true });
    try {
      const r = await scoreModelOn(model, options.old.gold, oldLabels, mode);
      oldBefore = { model: options.old.base, labels: oldLabels, f: r.f, perLabel: r.perLabel };
    } finally { await model.dispose?.(); }
    ctx.log.info(`old types (${oldLabels.join(', ')}) of ${options.old.base} before: F1 ${(100 * oldBefore.f).toFixed(2)}`);
  }
  const total = series.length * seeds.length * sizes.length;
  const points: CurvePoint[] = [];
  for (const s of series) {
    for (const seed of seeds) {
      const order = curveOrder(options.train, seed, newLabels);
      for (const size of sizes) {
        ctx.signal.throwIfAborted();
        const subset = order.slice(0, size);
        const out = join(options.out, safe(s.name), `seed${seed}`, `n${size}`);
        ctx.progress({ unit: 'runs', done: points.length, total, phase: `${s.name} ${size}`, stats: { examples: size } });
        const oldScored = s.keepsOld && options.old ? { labels: oldLabels, gold: options.old.gold } : null;
        const key = pointKey({ series: s.name, settings: s.settings, seed, subset, dev: options.dev, newLabels, mode, old: oldScored });
        const saved = await savedPoint(out, key);
        if (saved) {
          points.push(saved);
          ctx.log.info(`${s.name} seed ${seed} ${size} examples: dev F1 ${(100 * saved.f).toFixed(2)} (kept from an earlier run of this curve)`);
          continue;
        }
        try {
          const point = await trainPoint(options, { series: s, seed, size, n, subset, out, newLabels, mode, oldLabels: oldScored?.labels ?? null }, train, load, ctx);
          await savePoint(out, key, point);
          points.push(point);
        } catch (err) {
          if (points.length > 0) ctx.log.warn(`the curve stopped at ${s.name} ${size} (seed ${seed}): the ${points.length} finished points are kept in ${options.out}; run the same command again to continue from there.`);
          throw err;
        }
      }
    }
  }
  ctx.progress({ unit: 'runs', done: total, total });
  return { points, newLabels, oldBefore, ...verdictOf(points, sizes) };
}

interface PointRun {
  series: CurveSeries; seed: number; size: number; n: number; subset: Example[]; out: string;
  newLabels: string[]; mode: ChunkMode; oldLabels: string[] | null;
}

/** Trains one point and scores it: the new types on dev, and the old types on their gold when asked. */
async function trainPoint(options: CurveOptions, run: PointRun, train: TrainFn, load: ModelLoader, ctx: StageContext): Promise<CurvePoint> {
  const { series: s, seed, size, subset } = run;
  // A small subset may lack a label the dev set has (COALAS's OTHER at 100 sentences): the trainer
  // gets dev with only the labels it can learn, so every point trains; scoring still uses all of dev.
  const known = new Set(labelsOf(subset));
  const trainerDev = options.dev.map((ex) => ({ ...ex, spans: (ex.spans ?? []).filter((sp) => known.has(sp.label)) }));
  const outcome = await train({ train: subset, dev: trainerDev, out: run.out, seed, settings: s.settings }, ctx);
  const model = await load(outcome.modelDir, { localOnly: true });
  try {
    const dev = await scoreModelOn(model, options.dev, run.newLabels, run.mode);
    const old = run.oldLabels && options.old ? await scoreModelOn(model, options.old.gold, run.oldLabels, run.mode) : null;
    ctx.log.info(`${s.name} seed ${seed} ${size} examples: dev F1 ${(100 * dev.f).toFixed(2)}${old ? `, old types ${(100 * old.f).toFixed(2)}` : ''}`);
    return { series: s.name, fraction: size / run.n, seed, f: dev.f, examples: size, perLabel: dev.perLabel, old: old?.f ?? null };
  } finally {
    await model.dispose?.();
  }
}

/** Sizes from `sizes`, else from `fractions` (checked: rising, each at least one example). */
function curveSizes(options: CurveOptions, n: number): number[] {
  if (options.sizes?.length) return resolveSizes(options.sizes, n);
  const fractions = options.fractions ?? [0.1, 0.25, 0.5, 0.75, 1];
  if (fractions.some((f, i) => !(f > 0 && f <= 1) || (i > 0 && f <= fractions[i - 1]!))) {
    throw new NerError(EvalErrors.CURVE, `Fractions must rise strictly within (0, 1]: got ${fractions.join(', ')}.`, { hint: 'e.g. --fractions 0.1,0.25,0.5,0.75,1' });
  }
  if (Math.round(fractions[0]! * n) < 1) {
    throw new NerError(EvalErrors.CURVE, `${fractions[0]! * 100}% of ${n} training examples is less than one example.`, { hint: 'Use more training data or a larger first fraction.' });
  }
  return fractions.map((f) => Math.round(f * n));
}

function labelsOf(examples: Example[]): string[] {
  return [...new Set(examples.flatMap((e) => (e.spans ?? []).map((s) => s.label)))].sort();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function verdictOf(points: CurvePoint[], sizes: number[]) {
  const names = [...new Set(points.map((p) => p.series))];
  const at = (name: string, n: number | undefined) => mean(points.filter((p) => p.series === name && p.examples === n).map((p) => p.f));
  const verdicts = names.map((series) => {
    const last = at(series, sizes.at(-1));
    const previous = sizes.length > 1 ? at(series, sizes.at(-2)) : last;
    return { series, last, previous, improved: last > previous };
  });
  const pct = (x: number) => (100 * x).toFixed(2);
  const verdict = verdicts.map((v) => v.improved
    ? `${v.series}: F1 still improved in the last step (${pct(v.previous)} → ${pct(v.last)}): more annotations of the same kind will probably help.`
    : `${v.series}: F1 did not improve in the last step (${pct(v.previous)} → ${pct(v.last)}): more of the same data may not help; look at the errors or the labels.`).join('\n');
  return { verdicts, verdict };
}

const safe = (name: string) => name.replace(/[^\w.+-]+/g, '_').slice(0, 60) || 'series';
