import { existsSync } from 'node:fs';
import path from 'node:path';
import { tokensOf, type Example } from '@nerflow/corpus';
import type { tf } from '../tf/backend.js';
import type { TrainOptions } from '../options.js';
import type { LocatedExample as Located } from '@nerflow/corpus';
import type { TokenEncoder } from '../encoders/encoder.js';
import { NerModel, type TrainDoc } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { loadNerModel } from '../model/modelFolder.js';
import { microOver, type EntityScores, type PRF } from '@nerflow/corpus';
import type { DevDoc } from '../training/loop.js';
import { loadPretrainedTok2vec } from './initTok2vec.js';
import { copyEncoderWeights } from './encoderWeights.js';
import { openLabelEvidence } from './partial.js';
import { protectedTexts, rehearsalExamples } from './rehearsal.js';
import { frozenLabelsOf } from './frozenBase.js';

/** The model to train and how to read the training data for it (plain, pretrained, or on a base). */
export interface PreparedModel {
  model: NerModel;
  /** CRF evidence of a training example (with --base: partial for the old labels it never marks). */
  evidence(x: Located): TrainDoc | null;
  /** Pseudo-labelled rehearsal documents to mix into training (--base: the base's own text, and --rehearsal's). */
  rehearsal: TrainDoc[];
  /** Encoder variables frozen for the first N steps (--freeze-tok2vec-steps). */
  frozen?: { variables: tf.Variable[]; steps: number };
  /** Where the initial weights came from (model config `initialisedFrom`). */
  initialisedFrom: string | null;
  /** Details for the model's meta.json (pretraining run, base model, labels added, rehearsal). */
  transfer: Record<string, unknown> | null;
  /** Labels of the base model (empty without --base): the training report shows their F1 before/after. */
  oldLabels: string[];
  /** Labels the training adds (every label without --base). */
  newLabels: string[];
  /**
   * With --base and rehearsal text: sentences of the base's rehearsal text (its own, when it ships
   * one, else --rehearsal's), labelled by the base model and NOT trained on, to check the old types while choosing the
   * kept epoch (see selection.ts).
   */
  oldCheck: DevDoc[];
  /**
   * `--old-types frozen` (the default with --base): the base's folder, to be copied unchanged into
   * the model folder, and the labels it keeps predicting (its labels the training data does not
   * mark). Null without --base, with `--old-types trained`, or when the data marks every base label.
   */
  frozenBase: { dir: string; from: string; labels: string[] } | null;
}

/**
 * Builds the model `nerflow train` starts from (issue 8):
 * - `--init-tok2vec DIR`: a new head over the pretrained encoder, weights exactly as pretrained;
 * - `--base MODEL`: the base model with the label set grown (old weights kept, so its predictions
 *   are unchanged before the first update), its unmarked old labels treated as missing in the
 *   user's data, and optional rehearsal examples labelled by the base model;
 * - otherwise a fresh model over `build()`'s encoder.
 */
export async function prepareModelForTraining(
  o: TrainOptions, train: Located[], labels: string[], build: () => Promise<TokenEncoder>,
): Promise<PreparedModel> {
  const plain = (x: Located) => evidenceOf(x.example, model.tags, model.scheme, x);
  let model: NerModel;
  if (o.base) {
    const { model: base, config, dir: baseDir } = await loadNerModel(o.base, { localOnly: o.localOnly });
    model = base;
    const oldLabels = [...base.labels];
    const annotated = new Set(train.flatMap((x) => (x.example.spans ?? []).map((s) => s.label)));
    const added = labels.filter((l) => !oldLabels.includes(l));
    // Pseudo-labels come from the base model before any change: by default from a sample of the
    // text it was trained on, when it ships one (es-base does), and from the user's --rehearsal
    // text when given. Not from the user's text by default: there the base labels the user's new
    // names with its old types ("Instagram" ORG wherever the gold does not mark it), and rehearsing
    // that taught the model to leave them to the old types (the bundled example: new types 70.8
    // with the user's corpus as rehearsal, 78.2 with es-base's own text only; docs/transfer-learning.md).
    const baseText = path.join(baseDir, 'rehearsal');
    const shipped = existsSync(baseText);
    const sources = [...(o.rehearsal ? [o.rehearsal] : []), ...(shipped ? [baseText] : [])];
    const count = sources.length ? Math.round(o.rehearsalRatio * train.length) : 0;
    const protect = protectedTexts(train.map((x) => x.example), added);
    const perSource: Example[][] = [];
    for (const [k, source] of sources.entries()) perSource.push(await rehearsalExamples(base, [source], { count, seed: o.seed + k, protect }));
    const oldCheck = sources.length ? await oldTypeCheck(base, sources.at(-1)!, count, o.seed, protect, perSource) : [];
    const pseudo = perSource.flat();
    base.addLabels(added, o.seed);
    // es-base + pretraining: the base's encoder, pretrained further, under the base's head.
    const pre = o.initTok2vec ? await loadPretrainedTok2vec(o.initTok2vec) : null;
    if (pre) {
      try { copyEncoderWeights(pre.encoder, base.encoder, pre.dir); } finally { pre.encoder.dispose(); }
    }
    // The user's words get trained rows of their own (es-base's vocabulary is AnCora's); after the
    // pretrained weights are copied in, whose encoder has the base's vocabulary.
    const newWords = base.encoder.learnNewWords?.(train.map((x) => ({ words: tokensOf(x.example).map((t) => t.text) }))) ?? 0;
    const open = o.completeAnnotations ? [] : oldLabels.filter((l) => !annotated.has(l));
    const frozen = o.oldTypes === 'frozen' ? frozenLabelsOf(oldLabels, labels, annotated) : [];
    const fromBase = frozen.length ? { dir: baseDir, from: o.base, labels: frozen } : null;
    const rehearsal = pseudo
      .map((ex) => openLabelEvidence(ex, base.tags, base.scheme, base.labels.filter((l) => !oldLabels.includes(l))))
      .filter((d): d is TrainDoc => d !== null && d.words.length > 0);
    return {
      model, rehearsal, oldLabels, newLabels: added, oldCheck, frozen: frozenFor(model, o), initialisedFrom: o.base, frozenBase: fromBase,
      evidence: (x) => openLabelEvidence(x.example, model.tags, model.scheme, open, x),
      transfer: {
        base: o.base, baseLabels: oldLabels, addedLabels: added, unknownInTrainingData: open,
        oldTypes: o.oldTypes, labelsFrom: { base: frozen, trained: base.labels.filter((l) => !frozen.includes(l)) }, newWords,
        rehearsal: sources.length ? { source: o.rehearsal ?? null, baseText: shipped ? baseText : null, ratio: o.rehearsalRatio, examples: rehearsal.length, protectedTexts: protect.size, oldTypeCheck: oldCheck.length } : null,
        baseTraining: config.training ?? null,
        ...(pre ? { tok2vec: pre.provenance } : {}),
      },
    };
  }
  if (o.initTok2vec) { // parseTrainOptions refuses --init-tok2vec with another encoder
    const pre = await loadPretrainedTok2vec(o.initTok2vec);
    model = NerModel.create(pre.encoder, labels, o.scheme, o.seed);
    return {
      model, evidence: plain, rehearsal: [], oldLabels: [], newLabels: labels, oldCheck: [], frozen: frozenFor(model, o), initialisedFrom: pre.dir, frozenBase: null,
      transfer: { tok2vec: pre.provenance, freezeTok2vecSteps: o.freezeTok2vecSteps },
    };
  }
  model = NerModel.create(await build(), labels, o.scheme, o.seed);
  return { model, evidence: plain, rehearsal: [], oldLabels: [], newLabels: labels, oldCheck: [], frozen: frozenFor(model, o), initialisedFrom: null, frozenBase: null, transfer: null };
}

/**
 * Old-type check sentences: base-labelled, from `source` (the last of `trained`'s sources), none of
 * them trained on. When the rehearsal has used up `source` (training data about as large as its
 * text, e.g. rehearsing on the user's own 8,216 sentences), the check is topped up with up to half
 * of that source's rehearsal examples, taken out of `trained`: without check sentences the --base
 * selection cannot bound forgetting and falls back to micro F1 over all labels, where a dev set
 * that marks only the new types charges every old-type span as a false positive.
 */
async function oldTypeCheck(base: NerModel, source: string, count: number, seed: number, protect: Set<string>, trained: Example[][]): Promise<DevDoc[]> {
  const want = Math.min(200, Math.max(50, count));
  const seen = new Set(trained.flat().map((x) => x.text));
  const drawn = await rehearsalExamples(base, [source], { count: want + count, seed: seed + 7717, protect });
  const held = drawn.filter((x) => !seen.has(x.text)).slice(0, want);
  const fromSource = trained.at(-1)!;
  const short = Math.min(want - held.length, Math.floor(fromSource.length / 2));
  if (short > 0) held.push(...fromSource.splice(fromSource.length - short, short));
  return held.map((x) => ({
    words: x.tokens!.map((t) => t.text),
    spans: (x.spans ?? []).map((s) => ({ tokenStart: s.token_start, tokenEnd: s.token_end, label: s.label })),
  }));
}

function frozenFor(model: NerModel, o: TrainOptions): PreparedModel['frozen'] {
  const vars = model.encoder.params()?.variables() ?? [];
  return o.freezeTok2vecSteps > 0 && vars.length ? { variables: vars, steps: o.freezeTok2vecSteps } : undefined;
}

/** One old label's dev scores before training on a base model and after: forgetting made visible. */
export interface ForgettingRow {
  label: string;
  before: PRF | null;
  after: PRF | null;
}

/** Per old label (and their micro average, label `old (micro)`), F1 before and after. */
export function forgettingReport(oldLabels: string[], before: EntityScores, after: EntityScores): ForgettingRow[] {
  const rows: ForgettingRow[] = oldLabels.map((label) => ({ label, before: before.perLabel[label] ?? null, after: after.perLabel[label] ?? null }));
  rows.push({ label: 'old (micro)', before: microOver(before, oldLabels), after: microOver(after, oldLabels) });
  return rows;
}
